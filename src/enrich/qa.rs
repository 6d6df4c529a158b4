//! Q&A links: each answer points at the question it replies to (`in_reply_to`).
//!
//! A question is a journalist's turn. The turns that follow it, by anyone but a
//! journalist, moderator or operator, answer it: in a joint press availability a question
//! put to two ministers gets two answers, both linked to it. A moderator or operator turn
//! ends the chain.

use crate::model::{SpeakerKind, Turn};

/// Sets `in_reply_to` on every answer turn.
pub fn link(turns: &mut [Turn]) {
    let mut open: Option<usize> = None;
    for turn in turns.iter_mut() {
        match turn.speaker.kind {
            SpeakerKind::Journalist => {
                open = Some(turn.index);
                turn.in_reply_to = None;
            }
            SpeakerKind::Moderator | SpeakerKind::Operator => open = None,
            SpeakerKind::Interpreter => {}
            _ => turn.in_reply_to = open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Speaker;

    fn turn(i: usize, kind: SpeakerKind) -> Turn {
        Turn { index: i, speaker: Speaker { kind, ..Speaker::default() }, ..Turn::default() }
    }

    #[test]
    fn answers_point_at_questions() {
        use SpeakerKind::*;
        let mut t: Vec<Turn> = [
            Official,
            Journalist,
            Official,
            Official,
            Moderator,
            Official,
            Journalist,
            Interpreter,
            Anonymous,
        ]
        .iter()
        .enumerate()
        .map(|(i, k)| turn(i, *k))
        .collect();
        link(&mut t);
        let got: Vec<Option<usize>> = t.iter().map(|t| t.in_reply_to).collect();
        assert_eq!(got, [None, None, Some(1), Some(1), None, None, None, None, Some(6)]);
    }
}
