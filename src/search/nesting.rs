//! How deep a query may nest: tantivy's grammar and the query tree are recursive, so depth
//! is checked on the text before either sees it.

use crate::{Error, Result};

/// Deepest nesting a query may have: brackets plus operators that each wrap what follows
/// (`NOT`, a leading `-` or `+`). Nobody types more; tantivy's grammar and the query tree are
/// recursive, and a request nesting thousands deep would overflow a thread's stack.
pub const MAX_NESTING: usize = 32;

/// Refuses a query nested deeper than [`MAX_NESTING`], at the character where it gets too
/// deep. The count is deliberately blunt: brackets and operators inside quotes count too,
/// because tantivy's lenient grammar reads an unclosed or mid-word quote as no quote at all,
/// and an estimate that is too low can overflow a stack. Only escaped characters (`\(`) are
/// not counted.
pub(super) fn check_nesting(query: &str) -> Result<()> {
    let (mut depth, mut pending) = (0usize, 0usize);
    for (position, token) in nesting_tokens(query) {
        match token.as_str() {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "NOT" => pending += 1,
            t => {
                let signs = t.chars().take_while(|c| matches!(c, '-' | '+')).count();
                pending += signs;
                if depth + pending <= MAX_NESTING && signs < t.chars().count() {
                    // An operand ends the chain of operators before it.
                    pending = 0;
                }
            }
        }
        if depth + pending > MAX_NESTING {
            return Err(Error::Query {
                query: query.to_string(),
                position,
                message: format!(
                    "the query nests brackets and NOT/-/+ more than {MAX_NESTING} deep"
                ),
            });
        }
    }
    Ok(())
}

/// The query's words and brackets, with their character positions; quotes separate words.
fn nesting_tokens(query: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut word: Option<(usize, String)> = None;
    let mut escaped = false;
    for (i, c) in query.chars().enumerate() {
        if escaped {
            escaped = false;
            word.get_or_insert_with(|| (i, String::new())).1.push('x');
            continue;
        }
        match c {
            '\\' => escaped = true,
            '(' | ')' => {
                out.extend(word.take());
                out.push((i, c.to_string()));
            }
            c if c.is_whitespace() || c == '"' => out.extend(word.take()),
            c => word.get_or_insert_with(|| (i, String::new())).1.push(c),
        }
    }
    out.extend(word);
    out
}
