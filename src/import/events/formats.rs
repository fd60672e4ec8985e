//! The four layouts of event files: which one a file is (from its first line), and
//! each row read into one [`Event`], checked, with errors naming the file, the line
//! and the column.

use crate::error::{Error, Result};
use std::path::Path;

/// A layout of event rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// ICEWS coded event data (`.tab`): a header, 20 tab-separated columns.
    Icews,
    /// ICEWS18-style rows (`.tsv`): a header `date subject relation object
    /// subject_group object_group ...`.
    Icews18,
    /// GDELT 1.0 event rows: no header, 57 columns (the backfile) or 58 (with SOURCEURL).
    Gdelt1,
    /// GDELT 2.0 event rows: no header, 61 columns.
    Gdelt2,
}

impl Layout {
    /// How the layout is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Icews => "ICEWS events",
            Layout::Icews18 => "ICEWS18-style events",
            Layout::Gdelt1 => "GDELT 1.0 events",
            Layout::Gdelt2 => "GDELT 2.0 events",
        }
    }

    /// Whether the first line is a header (and not an event).
    pub fn has_header(self) -> bool {
        matches!(self, Layout::Icews | Layout::Icews18)
    }
}

/// The ICEWS columns read, as its header names them.
const ICEWS_COLUMNS: [&str; 10] = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "CAMEO Code",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
];
/// The ICEWS column read beside them, when the header has it.
const ICEWS_PUBLISHER: &str = "Publisher";
/// The ICEWS18-style columns read.
const ICEWS18_COLUMNS: [&str; 6] = ["date", "subject", "relation", "object", "subject_group", "object_group"];

/// GDELT's columns (from 0), the same in 1.0 and 2.0 up to `AvgTone` (34).
mod gdelt {
    pub const ID: usize = 0;
    pub const DAY: usize = 1;
    pub const ACTOR1: usize = 5; // Actor1Code, Actor1Name, Actor1CountryCode, ...
    pub const ACTOR2: usize = 15;
    pub const TYPE1: usize = 7; // Actor1Type1Code, from the actor's first column
    pub const EVENT_CODE: usize = 26;
    /// SOURCEURL: the last column of 1.0 daily files (58 columns) and of 2.0 (61).
    pub const URL_1: usize = 57;
    pub const URL_2: usize = 60;
}

/// An actor as a row gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RawActor<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its country or group: a name (ICEWS, ICEWS18) or a code (GDELT); empty if none.
    pub country: &'a str,
    /// Whether the row says it acts for the government of its country.
    pub governs: bool,
    /// ICEWS18: the country is a group (the actor belongs to it whatever it is).
    pub grouped: bool,
    /// GDELT: the actor's code equals its country code (the state itself).
    pub is_state: bool,
    /// GDELT: the actor has a type (an organisation of some kind).
    pub typed: bool,
}

/// What the event is: a CAMEO code, or (ICEWS18) the text of the relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// A CAMEO code, as text.
    Code(&'a str),
    /// A CAMEO event name, to be looked up in the code table.
    Text(&'a str),
}

/// One row of event data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    /// The event's id (empty for ICEWS18, which has none).
    pub id: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// GDELT's SQLDATE turned into `YYYY-MM-DD`.
    pub date_buf: [u8; 10],
    /// Who acts.
    pub source: RawActor<'a>,
    /// Whom the act is aimed at.
    pub target: RawActor<'a>,
    /// What the act is.
    pub action: Action<'a>,
    /// ICEWS: the story id; GDELT: the source URL; empty if none.
    pub story: &'a str,
    /// ICEWS: the publisher.
    pub publisher: &'a str,
}

impl Event<'_> {
    /// The date, `YYYY-MM-DD`.
    pub fn date(&self) -> &str {
        if self.date.is_empty() {
            std::str::from_utf8(&self.date_buf).expect("ASCII digits and dashes")
        } else {
            self.date
        }
    }
}

/// A file's layout and where its columns are.
#[derive(Clone, Debug)]
pub struct Reader {
    /// The file's layout.
    pub layout: Layout,
    /// The number of columns every row has.
    width: usize,
    /// Where the named columns are (ICEWS, ICEWS18).
    columns: Vec<usize>,
    publisher: Option<usize>,
}

impl Reader {
    /// The layout of a file from its first line, or an error saying what was expected.
    pub fn detect(file: &Path, first: &str) -> Result<Reader> {
        let fields: Vec<&str> = first.split('\t').collect();
        let find = |names: &[&str]| -> Option<Vec<usize>> {
            names.iter().map(|n| fields.iter().position(|f| f.trim() == *n)).collect()
        };
        let reader = |layout, columns, publisher| Reader { layout, width: fields.len(), columns, publisher };
        if let Some(columns) = find(&ICEWS_COLUMNS) {
            let publisher = fields.iter().position(|f| f.trim() == ICEWS_PUBLISHER);
            return Ok(reader(Layout::Icews, columns, publisher));
        }
        if let Some(columns) = find(&ICEWS18_COLUMNS) {
            return Ok(reader(Layout::Icews18, columns, None));
        }
        match fields.len() {
            57 | 58 => return Ok(reader(Layout::Gdelt1, Vec::new(), None)),
            61 => return Ok(reader(Layout::Gdelt2, Vec::new(), None)),
            _ => {}
        }
        Err(Error::bad_input(format!(
            "{} line 1: not event data this importer reads: expected an ICEWS header (tab-separated, with \
             the columns {}), an ICEWS18-style header ({}), or GDELT event rows without a header of 57 or 58 \
             (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns; found {} column(s) starting {:?}",
            file.display(),
            ICEWS_COLUMNS.join(", "),
            ICEWS18_COLUMNS.join(", "),
            fields.len(),
            first.chars().take(60).collect::<String>()
        )))
    }

    /// One row, checked. `line` is its line number (from 1) for errors.
    pub fn event<'a>(&self, file: &Path, line: usize, text: &'a str) -> Result<Event<'a>> {
        let fields: Vec<&'a str> = text.split('\t').collect();
        let at = |column: &str, what: String| {
            Error::bad_input(format!("{} line {line}, column {column}: {what}", file.display()))
        };
        if fields.len() != self.width {
            return Err(Error::bad_input(format!(
                "{} line {line}: expected {} tab-separated columns ({}), found {}",
                file.display(),
                self.width,
                self.layout.name(),
                fields.len()
            )));
        }
        let event = match self.layout {
            Layout::Icews => self.icews(&fields),
            Layout::Icews18 => self.icews18(&fields),
            Layout::Gdelt1 | Layout::Gdelt2 => {
                gdelt_event(&fields, self.layout).map_err(|(c, w)| at(c, w))?
            }
        };
        if event.date().len() != 10 || crate::model::Date::parse(event.date()).is_none() {
            return Err(at(
                self.date_column(),
                format!("expected a date YYYY-MM-DD, found {:?}", event.date()),
            ));
        }
        let id_column = match self.layout {
            Layout::Icews => Some("Event ID"),
            Layout::Gdelt1 | Layout::Gdelt2 => Some("GLOBALEVENTID"),
            Layout::Icews18 => None,
        };
        if let Some(column) = id_column.filter(|_| event.id.is_empty()) {
            return Err(at(column, "expected the event's id, found nothing".to_owned()));
        }
        if let Action::Code(code) = event.action {
            if code.is_empty() || code.len() > 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                let column = if self.layout == Layout::Icews { "CAMEO Code" } else { "EventCode" };
                return Err(at(column, format!("expected a CAMEO code of 2 to 4 digits, found {code:?}")));
            }
        }
        Ok(event)
    }

    fn date_column(&self) -> &'static str {
        match self.layout {
            Layout::Icews => "Event Date",
            Layout::Icews18 => "date",
            Layout::Gdelt1 | Layout::Gdelt2 => "SQLDATE",
        }
    }

    fn icews<'a>(&self, f: &[&'a str]) -> Event<'a> {
        let get = |i: usize| none_if_na(f[self.columns[i]].trim());
        let actor = |name: usize| RawActor {
            name: get(name),
            country: get(name + 2),
            governs: get(name + 1).split(',').any(|s| s.trim() == "Government"),
            ..RawActor::default()
        };
        Event {
            id: get(0),
            date: get(1),
            date_buf: [0; 10],
            source: actor(2),
            target: actor(6),
            action: Action::Code(get(5)),
            story: get(9),
            publisher: self.publisher.map_or("", |p| none_if_na(f[p].trim())),
        }
    }

    fn icews18<'a>(&self, f: &[&'a str]) -> Event<'a> {
        let get = |i: usize| f[self.columns[i]].trim();
        let actor = |name: usize, group: usize| RawActor {
            name: get(name),
            country: get(group),
            grouped: true,
            ..RawActor::default()
        };
        Event {
            id: "",
            date: get(0),
            date_buf: [0; 10],
            source: actor(1, 4),
            target: actor(3, 5),
            action: Action::Text(get(2)),
            story: "",
            publisher: "",
        }
    }
}

/// ICEWS writes `NA` for an empty value.
fn none_if_na(value: &str) -> &str {
    if value == "NA" {
        ""
    } else {
        value
    }
}

/// GDELT's actor type codes of the state's own bodies: government, military,
/// legislature, judiciary, police, intelligence.
const STATE_TYPES: [&str; 6] = ["GOV", "MIL", "LEG", "JUD", "COP", "SPY"];

/// A GDELT row (1.0 or 2.0), or the column at fault and why.
fn gdelt_event<'a>(f: &[&'a str], layout: Layout) -> std::result::Result<Event<'a>, (&'static str, String)> {
    let actor = |first: usize| {
        let (code, name, country) = (f[first], f[first + 1], f[first + 2]);
        let type1 = f[first + gdelt::TYPE1];
        RawActor {
            name,
            country,
            governs: STATE_TYPES.contains(&type1),
            is_state: !code.is_empty() && code == country,
            typed: !type1.is_empty(),
            grouped: false,
        }
    };
    let day = f[gdelt::DAY];
    if day.len() != 8 || !day.bytes().all(|b| b.is_ascii_digit()) {
        return Err(("SQLDATE", format!("expected a date YYYYMMDD, found {day:?}")));
    }
    let d = day.as_bytes();
    let mut date_buf = *b"0000-00-00";
    date_buf[..4].copy_from_slice(&d[..4]);
    date_buf[5..7].copy_from_slice(&d[4..6]);
    date_buf[8..].copy_from_slice(&d[6..]);
    let url = match (layout, f.len()) {
        (Layout::Gdelt2, _) => f[gdelt::URL_2],
        (_, 58) => f[gdelt::URL_1],
        _ => "",
    };
    Ok(Event {
        id: f[gdelt::ID],
        date: "",
        date_buf,
        source: actor(gdelt::ACTOR1),
        target: actor(gdelt::ACTOR2),
        action: Action::Code(f[gdelt::EVENT_CODE]),
        story: url,
        publisher: "",
    })
}
