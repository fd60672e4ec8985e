//! Where a command writes: standard output, or the file given with `-o`, made when the
//! first byte is written (so that a command that fails before writing leaves no empty
//! file behind). Its errors say what was being written.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Standard output, or the file given with `-o`, made when the first byte is written.
///
/// An error names the file or "standard output": a failed write as `TARGET` (the
/// library's renderers say "writing the output" before it), a failed flush (called by
/// the command itself, at the end) as `writing TARGET`, a file that cannot be made as
/// `creating TARGET`; the OS's error follows, and its kind is kept (a closed pipe is
/// still one).
pub struct Output {
    path: Option<PathBuf>,
    file: Option<std::io::BufWriter<std::fs::File>>,
    stdout: Option<std::io::BufWriter<std::io::StdoutLock<'static>>>,
}

impl Output {
    /// Where the command writes: `path`, or standard output.
    pub fn to(path: Option<&Path>) -> Output {
        let stdout = path.is_none().then(|| std::io::BufWriter::new(std::io::stdout().lock()));
        Output { path: path.map(Path::to_owned), file: None, stdout }
    }

    /// The file or "standard output", for messages.
    fn target(&self) -> String {
        self.path.as_ref().map_or_else(|| "standard output".to_owned(), |p| p.display().to_string())
    }

    fn sink(&mut self) -> std::io::Result<&mut dyn Write> {
        if let Some(stdout) = &mut self.stdout {
            return Ok(stdout);
        }
        if self.file.is_none() {
            let Some(path) = &self.path else { return Err(std::io::Error::other("no output file")) };
            let file =
                std::fs::File::create(path).map_err(|e| failed(format!("creating {}", path.display()), e))?;
            self.file = Some(std::io::BufWriter::new(file));
        }
        match &mut self.file {
            Some(file) => Ok(file),
            None => Err(std::io::Error::other("no output file")),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.sink()?.write(buf);
        written.map_err(|e| failed(self.target(), e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let flushed = match (&mut self.stdout, &mut self.file) {
            (Some(s), _) => s.flush(),
            (None, Some(f)) => f.flush(),
            (None, None) => Ok(()),
        };
        flushed.map_err(|e| failed(format!("writing {}", self.target()), e))
    }
}

/// An I/O error that says what failed (`what`) before the OS's error, of the same kind.
fn failed(what: String, source: std::io::Error) -> std::io::Error {
    std::io::Error::new(source.kind(), Failed { what, source })
}

/// What failed, with the OS's error as its source (so that the message, printed with
/// its causes, reads "WHAT: OS ERROR").
#[derive(Debug)]
struct Failed {
    what: String,
    source: std::io::Error,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

impl std::error::Error for Failed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
