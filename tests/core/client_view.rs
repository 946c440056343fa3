//! The meeting from the client's side: the trace of trust and mood the engine computed.

use kam_sim::core::client_view::{Act, client_view};
use kam_sim::core::policy::{Policy, play};

use super::{shipped, shipped_ids};

#[test]
fn the_client_side_ends_where_the_meeting_ended_and_holds_every_mistake_once() {
    for id in shipped_ids() {
        let scenario = shipped(&id);
        for (seed, policy) in [(1, Policy::Worst), (2, Policy::Random), (3, Policy::Best)] {
            let session = play(scenario.clone(), seed, policy).unwrap();
            let view = client_view(&session).unwrap();
            let state = session.meeting_state().unwrap();
            let last = view.moments.last().unwrap();
            assert_eq!(
                last.after.iter().map(|f| f.trust).collect::<Vec<_>>(),
                state.trust,
                "{id}"
            );
            assert_eq!(
                last.after.iter().map(|f| f.mood).collect::<Vec<_>>(),
                state.mood,
                "{id}"
            );
            let mut indices: Vec<usize> = view.moments.iter().flat_map(|m| m.mistakes.clone()).collect();
            indices.sort_unstable();
            assert_eq!(indices, (0..session.mistakes().len()).collect::<Vec<_>>(), "{id}");
            assert!(
                matches!(view.moments[0].act, Act::Arrived { .. }),
                "{id}: the client first sees the arrival"
            );
            assert_eq!(view.before.len(), scenario.source.stakeholders.len());
            assert!(
                view.moments.windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
                "{id}: in time order"
            );
        }
    }
}

#[test]
fn the_worst_player_leaves_a_client_trusting_them_less_than_at_the_start() {
    for id in shipped_ids() {
        let session = play(shipped(&id), 7, Policy::Worst).unwrap();
        let view = client_view(&session).unwrap();
        let last = view.moments.last().unwrap();
        assert!(
            view.before.iter().zip(&last.after).any(|(b, a)| a.trust < b.trust),
            "{id}: {:?} → {:?}",
            view.before,
            last.after
        );
        // Each mistake is shown at the moment it was made.
        for (i, m) in session.mistakes().iter().enumerate() {
            let at = view.moment_at(m.at_ms).unwrap();
            assert!(
                view.moments[at].mistakes.contains(&i) || view.moments[at].at_ms < m.at_ms,
                "{id}"
            );
        }
    }
}
