//! Q&A links: each answer points at the question it replies to (`in_reply_to`).
//!
//! A question is a journalist's turn. The turns that follow it, by anyone but a
//! journalist, moderator or operator, answer it: in a joint press availability a question
//! put to two ministers gets two answers, both linked to it. A moderator or operator turn
//! ends the chain, and so does a short turn that only hands the floor to the next reporter
//! (`Nancy Cordes, with NBC — CBS. Hey, Nance.`): it answers nothing.

use crate::model::{SpeakerKind, Turn};

/// A short turn that names the next reporter and says little else.
fn is_hand_over(text: &str) -> bool {
    text.len() <= 160 && super::journalists::announced(text).is_some()
}

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
            _ if is_hand_over(&turn.text) => {
                open = None;
                turn.in_reply_to = None;
            }
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

    #[test]
    fn handing_the_floor_to_a_reporter_answers_nothing() {
        use SpeakerKind::*;
        let mut t: Vec<Turn> =
            [Journalist, Official, Official].iter().enumerate().map(|(i, k)| turn(i, *k)).collect();
        t[1].text = "We're going to go to Guy Benson from Fox News.".into();
        t[2].text = "Yes, we will.".into();
        link(&mut t);
        assert_eq!(t[1].in_reply_to, None);
        assert_eq!(t[2].in_reply_to, None);
    }
}
