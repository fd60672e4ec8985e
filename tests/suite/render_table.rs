//! Table writers: exact output of a small table with awkward cells in every format.

use stancegraph::render::table::{Cell, Table};
use stancegraph::render::OutputFormat;

fn table() -> Table {
    let mut t = Table::new(["actor", "blames", "share", "quote"])
        .with_title("Blame")
        .with_note("top 3 of 9 actors shown");
    t.push(vec![
        Cell::from("Russia"),
        Cell::from(3),
        Cell::from(0.75),
        Cell::from("He said \"no\", then left"),
    ]);
    t.push(vec![Cell::from("中国"), Cell::from(12), Cell::Float(f64::NAN), Cell::Empty]);
    t.push(vec![Cell::from("NATO"), Cell::Empty, Cell::from(1.0 / 3.0), Cell::from("a\tb\nc")]);
    t
}

fn out(t: &Table, format: OutputFormat) -> String {
    t.to_string_as(format).unwrap()
}

#[test]
fn text_table_is_aligned_by_display_width() {
    let expected = "\
Blame
actor   blames  share  quote
------  ------  -----  -----------------------
Russia       3  0.750  He said \"no\", then left
中国        12    NaN
NATO            0.333  a b ↵ c
top 3 of 9 actors shown
";
    assert_eq!(out(&table(), OutputFormat::Table), expected);
}

#[test]
fn csv_quotes_per_rfc_4180() {
    let expected = "actor,blames,share,quote\r\n\
                    Russia,3,0.75,\"He said \"\"no\"\", then left\"\r\n\
                    中国,12,NaN,\r\n\
                    NATO,,0.3333333333333333,\"a\tb\nc\"\r\n";
    assert_eq!(out(&table(), OutputFormat::Csv), expected);
}

#[test]
fn tsv_escapes_tabs_and_newlines() {
    let expected = "actor\tblames\tshare\tquote\n\
                    Russia\t3\t0.75\tHe said \"no\", then left\n\
                    中国\t12\tNaN\t\n\
                    NATO\t\t0.3333333333333333\ta\\tb\\nc\n";
    assert_eq!(out(&table(), OutputFormat::Tsv), expected);
}

#[test]
fn json_is_an_array_of_objects_with_numbers() {
    let expected = r#"[
  {"actor": "Russia", "blames": 3, "share": 0.75, "quote": "He said \"no\", then left"},
  {"actor": "中国", "blames": 12, "share": null, "quote": null},
  {"actor": "NATO", "blames": null, "share": 0.3333333333333333, "quote": "a\tb\nc"}
]
"#;
    let text = out(&table(), OutputFormat::Json);
    assert_eq!(text, expected);
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed[0]["blames"], serde_json::json!(3));
    assert_eq!(parsed[2]["quote"], serde_json::json!("a\tb\nc"));
}

#[test]
fn empty_tables() {
    let t = Table::new(["a", "b"]);
    assert_eq!(out(&t, OutputFormat::Table), "a  b\n-  -\n(no rows)\n");
    assert_eq!(out(&t, OutputFormat::Json), "[]\n");
    assert_eq!(out(&t, OutputFormat::Csv), "a,b\r\n");
    assert_eq!(out(&t, OutputFormat::Tsv), "a\tb\n");
}
