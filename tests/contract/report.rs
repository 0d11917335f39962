//! Findings of the contract checks, printed so that each names the operation,
//! where in the instance the problem is, and the schema error.

use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The operationId (or the request line when no operation matched).
    pub operation: String,
    /// What was checked: "query limit", "request body", "page 2 of ...".
    pub context: String,
    /// JSON pointer into the checked instance, or "-" when there is none.
    pub instance_path: String,
    pub error: String,
}

impl Finding {
    pub fn new(
        operation: impl Into<String>,
        context: impl Into<String>,
        instance_path: impl Into<String>,
        error: impl Into<String>,
    ) -> Finding {
        Finding {
            operation: operation.into(),
            context: context.into(),
            instance_path: instance_path.into(),
            error: error.into(),
        }
    }

    /// A finding about the operation as a whole (no instance).
    pub fn about(
        operation: impl Into<String>,
        context: impl Into<String>,
        error: impl Into<String>,
    ) -> Finding {
        Finding::new(operation, context, "-", error)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} | {} | at {} | {}",
            self.operation, self.context, self.instance_path, self.error
        )
    }
}

/// Panics with every finding, grouped by operation, when there are any.
pub fn assert_none(title: &str, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    let unique: BTreeSet<&Finding> = findings.iter().collect();
    let operations: BTreeSet<&str> = unique.iter().map(|f| f.operation.as_str()).collect();
    let mut text = format!(
        "{title}: {} finding(s) in {} operation(s)\n(operation | what | instance path | error)\n",
        unique.len(),
        operations.len()
    );
    for finding in unique {
        text.push_str(&format!("  {finding}\n"));
    }
    panic!("{text}");
}
