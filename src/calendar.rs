//! Calendar arithmetic on [`Date`]s (days, months, years), the lengths users give for
//! moving windows and timeline steps ([`Period`]: `90d`, `2w`, `3m`, `1y`), and the
//! series of ranges they make ([`ranges`]). Shared by the projection, the analyses and
//! the views; nothing here knows about statements.

use crate::error::{Error, Result};
use crate::model::Date;
use std::fmt;

/// The number of days of a month.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// Days since 1970-01-01 (negative before), in the proleptic Gregorian calendar.
    ///
    /// ```
    /// use stancegraph::model::Date;
    /// let d = Date::parse("2019-08-02").unwrap();
    /// assert_eq!(Date::from_days(d.days()), d);
    /// assert_eq!(Date::parse("1970-01-02").unwrap().days(), 1);
    /// ```
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil: years start in March, so the leap day is last.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (the inverse of [`Date::days`]).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn plus_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// The same day `n` months later, or the month's last day when it has fewer days
    /// (2019-01-31 plus one month is 2019-02-28).
    pub fn plus_months(self, n: i64) -> Date {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        let (year, month) = (index.div_euclid(12) as i32, (index.rem_euclid(12) + 1) as u8);
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }

    /// The first day of its month.
    pub fn month_start(self) -> Date {
        Date { day: 1, ..self }
    }

    /// The last day of its month.
    pub fn month_end(self) -> Date {
        Date { day: days_in_month(self.year, self.month), ..self }
    }

    /// The first day of its year.
    pub fn year_start(self) -> Date {
        Date { month: 1, day: 1, ..self }
    }

    /// The last day of its year.
    pub fn year_end(self) -> Date {
        Date { month: 12, day: 31, ..self }
    }
}

/// The unit of a [`Period`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Days (`d`); `w` is seven of them.
    Day,
    /// Calendar months (`m`).
    Month,
    /// Calendar years (`y`).
    Year,
}

/// A length of time as users give it: a count and a unit (`90d`, `2w`, `3m`, `1y`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// How many units (at least 1).
    pub count: u32,
    /// Which unit.
    pub unit: Unit,
}

impl Period {
    /// One calendar month.
    pub const MONTH: Period = Period { count: 1, unit: Unit::Month };

    /// Reads `90d`, `2w` (14 days), `3m`, `1y`; anything else is a usage error saying
    /// how to write it.
    ///
    /// ```
    /// use stancegraph::calendar::{Period, Unit};
    /// assert_eq!(Period::parse("2w").unwrap(), Period { count: 14, unit: Unit::Day });
    /// assert!(Period::parse("0d").is_err());
    /// assert!(Period::parse("3 months").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Period> {
        let bad = || {
            Error::Usage(format!(
                "{text:?} is not a length of time: write a number and d (days), w (weeks), m (months) \
                 or y (years), e.g. 90d, 3m, 1y"
            ))
        };
        let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (number, unit) = text.split_at(split);
        let count: u32 = number.parse().ok().filter(|&n| (1..=100_000).contains(&n)).ok_or_else(bad)?;
        let (count, unit) = match unit {
            "d" => (count, Unit::Day),
            "w" => (count.checked_mul(7).ok_or_else(bad)?, Unit::Day),
            "m" => (count, Unit::Month),
            "y" => (count, Unit::Year),
            _ => return Err(bad()),
        };
        Ok(Period { count, unit })
    }

    /// The date `k` periods after `start`, counted from `start` each time (so that month
    /// ends do not drift: 01-31, 02-28, 03-31).
    pub fn after(self, start: Date, k: i64) -> Date {
        let n = i64::from(self.count) * k;
        match self.unit {
            Unit::Day => start.plus_days(n),
            Unit::Month => start.plus_months(n),
            Unit::Year => start.plus_months(12 * n),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Day => "d",
            Unit::Month => "m",
            Unit::Year => "y",
        };
        write!(f, "{}{unit}", self.count)
    }
}

/// A moving window: its length and how far each next one starts after the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MovingWindow {
    /// How long each window is.
    pub window: Period,
    /// How far each window starts after the one before.
    pub step: Period,
}

/// The most ranges [`ranges`] makes: a longer series is a usage error.
pub const MOST_RANGES: usize = 10_000;

/// The ranges of a moving window: the first starts at `first`, each next one `step`
/// later, until a start is past `last`; each covers `[start, start + length - 1 day]`.
/// More than [`MOST_RANGES`] is a usage error.
///
/// ```
/// use stancegraph::calendar::{ranges, Period};
/// use stancegraph::model::Date;
/// let d = |s| Date::parse(s).unwrap();
/// let r = ranges(d("2019-01-01"), d("2019-03-15"), Period::parse("2m").unwrap(), Period::MONTH).unwrap();
/// let text: Vec<String> = r.iter().map(|(a, b)| format!("{a}..{b}")).collect();
/// assert_eq!(text, ["2019-01-01..2019-02-28", "2019-02-01..2019-03-31", "2019-03-01..2019-04-30"]);
/// ```
pub fn ranges(first: Date, last: Date, length: Period, step: Period) -> Result<Vec<(Date, Date)>> {
    let mut out = Vec::new();
    for k in 0.. {
        let start = step.after(first, k);
        if start > last {
            break;
        }
        if out.len() == MOST_RANGES {
            return Err(Error::Usage(format!(
                "the window and step make more than {MOST_RANGES} ranges from {first} to {last}: \
                 take a longer --step"
            )));
        }
        out.push((start, length.after(start, 1).plus_days(-1)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn days_round_trip_over_four_centuries() {
        let mut date = d("1899-12-25");
        let start = date.days();
        for n in 0..146_100 {
            assert_eq!(date.days(), start + n, "{date}");
            assert_eq!(Date::from_days(start + n), date);
            // The next day by hand: day + 1, or the first of the next month.
            date = if date.day < days_in_month(date.year, date.month) {
                Date { day: date.day + 1, ..date }
            } else {
                date.plus_months(1).month_start()
            };
        }
        assert_eq!(d("2000-03-01").days() - d("2000-02-28").days(), 2, "2000 is a leap year");
        assert_eq!(d("1900-03-01").days() - d("1900-02-28").days(), 1, "1900 is not");
    }

    #[test]
    fn months_clamp_to_their_last_day_without_drift() {
        let m = Period::MONTH;
        let start = d("2019-01-31");
        let days: Vec<String> = (0..4).map(|k| m.after(start, k).to_string()).collect();
        assert_eq!(days, ["2019-01-31", "2019-02-28", "2019-03-31", "2019-04-30"]);
        assert_eq!(d("2019-11-15").plus_months(3).to_string(), "2020-02-15");
        assert_eq!(d("2020-02-29").plus_months(-12).to_string(), "2019-02-28");
    }

    #[test]
    fn day_windows_end_a_day_before_the_next_start() {
        let w = ranges(
            d("2019-01-01"),
            d("2019-03-01"),
            Period::parse("90d").unwrap(),
            Period::parse("30d").unwrap(),
        )
        .unwrap();
        // Starts 01-01, 01-31, 03-02 (> 03-01: stop); 90 days from 01-01 end on 03-31.
        assert_eq!(w, [(d("2019-01-01"), d("2019-03-31")), (d("2019-01-31"), d("2019-04-30"))]);
        assert!(
            ranges(d("1000-01-01"), d("2019-01-01"), Period::MONTH, Period::parse("1d").unwrap()).is_err()
        );
    }
}
