//! DNA's timestamps as calendar dates: DNA 3 stores a document's date as seconds since
//! 1970-01-01T00:00 UTC, DNA 2 as milliseconds; the date is the UTC day (DNA keeps no
//! time zone).

/// Seconds per day.
const DAY: i64 = 86_400;

/// The `YYYY-MM-DD` UTC day of a Unix time in seconds (before 1970 too), or `None` for
/// a year outside 0..=9999, which `xsd:date` in four digits cannot write.
pub fn day_of_seconds(seconds: i64) -> Option<String> {
    let (year, month, day) = civil(seconds.div_euclid(DAY));
    (0..=9999).contains(&year).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The `YYYY-MM-DD` UTC day of a Unix time in milliseconds.
pub fn day_of_millis(millis: i64) -> Option<String> {
    day_of_seconds(millis.div_euclid(1000))
}

/// (year, month, day) of the proleptic Gregorian calendar for a count of days since
/// 1970-01-01. Counts in eras of 400 years (146,097 days, which repeat exactly), with
/// years starting on 1 March so that the leap day ends the year.
fn civil(days: i64) -> (i64, u32, u32) {
    // Days since 0000-03-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months from March: 0 = March ... 11 = February; 153 days per 5 months.
    let m = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * m + 2) / 5 + 1) as u32;
    let month = if m < 10 { m + 3 } else { m - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_dna_timestamps() {
        // The sample's first document: 1106697600 s = 12,809 days = 2005-01-26
        // (35 years of 365 days + 9 leap days 1972..2004 = 12,784, + 25 days of January).
        assert_eq!(day_of_seconds(1_106_697_600).as_deref(), Some("2005-01-26"));
        assert_eq!(day_of_millis(1_106_697_600_000).as_deref(), Some("2005-01-26"));
        // A time of day stays on its day; the last second of a day too.
        assert_eq!(day_of_seconds(1_106_697_600 + DAY - 1).as_deref(), Some("2005-01-26"));
        assert_eq!(day_of_seconds(0).as_deref(), Some("1970-01-01"));
        assert_eq!(day_of_seconds(-1).as_deref(), Some("1969-12-31"));
        // Leap days: 2000 (divisible by 400) has one, 1900 none.
        assert_eq!(day_of_seconds(951_782_400).as_deref(), Some("2000-02-29"));
        assert_eq!(day_of_seconds(-2_203_891_200).as_deref(), Some("1900-03-01"));
        assert_eq!(day_of_seconds(i64::MAX), None);
    }

    #[test]
    fn every_day_follows_the_one_before() {
        let mut previous = crate::model::Date::parse("1899-12-31").unwrap();
        for days in -25_567..40_000 {
            let day = day_of_seconds(days * DAY).unwrap();
            let date = crate::model::Date::parse(&day).expect("a valid date");
            assert!(date > previous, "{day}");
            let next_day = (date.year, date.month, date.day);
            let (py, pm, pd) = (previous.year, previous.month, previous.day);
            assert!(
                next_day == (py, pm, pd + 1)
                    || (date.day == 1 && (date.month == pm + 1 || date.year == py + 1)),
                "{day} after {previous}"
            );
            previous = date;
        }
    }
}
