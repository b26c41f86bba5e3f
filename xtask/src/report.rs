//! The options `spec-diff` and `drift` share: how their classified changes
//! are printed (`--format text|md`) and whether a breaking one fails the run
//! (`--deny-breaking`).

use std::process::ExitCode;

use identity_codegen::diff::{Change, Class};

/// `--format` and `--deny-breaking`, as given.
#[derive(Default)]
pub struct Report {
    markdown: bool,
    deny_breaking: bool,
}

impl Report {
    /// Takes `arg` (with its value from `rest`) when it is one of these
    /// options: `Ok(true)`; `Ok(false)` when it is not; `Err` for a bad value.
    pub fn take<'a>(
        &mut self,
        arg: &str,
        rest: &mut impl Iterator<Item = &'a &'a str>,
    ) -> Result<bool, &'static str> {
        match arg {
            "--deny-breaking" => self.deny_breaking = true,
            "--format" => match rest.next() {
                Some(&"md") => self.markdown = true,
                Some(&"text") => self.markdown = false,
                _ => return Err("--format takes `text` or `md`"),
            },
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Prints the report (`text` or `markdown`, as chosen) and gives the
    /// exit status: failure for a breaking change with `--deny-breaking`.
    pub fn finish(&self, changes: &[Change], text: String, markdown: String) -> ExitCode {
        print!("{}", if self.markdown { markdown } else { text });
        if self.deny_breaking && changes.iter().any(|c| c.class == Class::Breaking) {
            eprintln!("breaking spec changes are denied (--deny-breaking)");
            return ExitCode::FAILURE;
        }
        ExitCode::SUCCESS
    }
}
