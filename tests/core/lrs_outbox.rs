//! The xAPI outbox against a scripted learning record store on 127.0.0.1: what is queued, what is
//! sent in which batch, and what stays on disk when the LRS is down, refuses the credentials or fails
//! in the middle. (A real LRS, Ralph, is exercised by `scripts/lrs-test.py` in CI.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::thread::JoinHandle;

use kam_sim::results::lrs::{Credentials, Endpoint, LrsError, Outbox};
use serde_json::{Value, json};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kam-sim-outbox-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `n` statements with ids `00000000-0000-5000-8000-00000000000k`.
fn statements(n: usize) -> Vec<Value> {
    (1..=n)
        .map(|k| {
            json!({
                "id": format!("00000000-0000-5000-8000-{k:012}"),
                "actor": { "objectType": "Agent", "mbox": "mailto:ana@example.com" },
                "verb": { "id": "http://adlnet.gov/expapi/verbs/completed" },
                "object": { "objectType": "Activity", "id": format!("urn:kam-sim:test:{k}") },
            })
        })
        .collect()
}

fn ids(statements: &[Value]) -> Vec<String> {
    statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

/// One request as the scripted LRS received it.
struct Received {
    authorization: Option<String>,
    version: Option<String>,
    ids: Vec<String>,
}

/// How the scripted LRS answers one request.
#[derive(Clone, Copy)]
enum Answer {
    /// 200 with the ids of the batch: stored.
    Stored,
    /// This status, with an error body.
    Status(u16),
    /// 200 with a web page: not an LRS.
    WebPage,
    /// 301 to another address.
    Moved,
}

/// An LRS on `port` (0: any free port) that gives `answers` to its requests, one each, then
/// stops; returns what it got.
fn scripted_lrs(port: u16, answers: Vec<Answer>) -> (Endpoint, JoinHandle<Vec<Received>>) {
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut received = Vec::new();
        for answer in answers {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                headers.push(line.trim().to_owned());
            }
            let header = |name: &str| {
                headers.iter().find_map(|h| {
                    let (k, v) = h.split_once(':')?;
                    k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
                })
            };
            let length: usize = header("content-length").unwrap().parse().unwrap();
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let batch: Vec<Value> = serde_json::from_slice(&body).unwrap();
            received.push(Received {
                authorization: header("authorization"),
                version: header("x-experience-api-version"),
                ids: ids(&batch),
            });
            let (status, extra, body) = match answer {
                Answer::Stored => (200, "", serde_json::to_string(&ids(&batch)).unwrap()),
                Answer::Status(status) => (status, "", "{\"detail\":\"no\"}".to_owned()),
                Answer::WebPage => (200, "", "<html><body>Sign in</body></html>".to_owned()),
                Answer::Moved => (
                    301,
                    "Location: https://lrs.example.com/xAPI/statements\r\n",
                    String::new(),
                ),
            };
            let mut stream = stream;
            write!(
                stream,
                "HTTP/1.1 {status} X\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
        received
    });
    (
        Endpoint::parse(&format!("http://127.0.0.1:{port}/xAPI")).unwrap(),
        handle,
    )
}

/// An address where nothing listens (a port that was free a moment ago), and its port.
fn nothing_listening() -> (Endpoint, u16) {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    (Endpoint::parse(&format!("http://127.0.0.1:{port}/xAPI")).unwrap(), port)
}

fn credentials() -> Credentials {
    Credentials {
        user: "kam".into(),
        password: "secret".into(),
    }
}

#[test]
fn statements_sent_while_the_lrs_is_down_wait_in_the_outbox_and_the_next_send_delivers_them() {
    let dir = temp("down");
    let (down, port) = nothing_listening();
    let mut outbox = Outbox::open(&dir, &down).unwrap();
    let all = statements(5);
    assert_eq!(outbox.queue(&all).unwrap().queued, 5);
    match outbox.send(&down, None, 100) {
        Err(LrsError::NotDelivered {
            why,
            help,
            sent,
            pending,
        }) => {
            assert!(why.contains("cannot reach the LRS"), "{why}");
            assert!(
                help.contains("nothing is lost: 5 statement(s) wait in the outbox"),
                "{help}"
            );
            assert_eq!((sent, pending), (0, 5));
        }
        other => panic!("{other:?}"),
    }
    // A new process later: the outbox read from disk still has every statement, in order.
    let mut outbox = Outbox::open(&dir, &down).unwrap();
    assert_eq!(outbox.pending().unwrap(), ids(&all));
    assert_eq!(outbox.acknowledged(), 0);

    // The LRS is back at the same address: everything goes, in batches of two.
    let (lrs, server) = scripted_lrs(port, vec![Answer::Stored; 3]);
    assert_eq!(lrs, down);
    let report = outbox.send(&lrs, Some(&credentials()), 2).unwrap();
    assert_eq!((report.sent, report.batches, report.pending), (5, 3, 0));
    let received = server.join().unwrap();
    assert_eq!(
        received.iter().map(|r| r.ids.clone()).collect::<Vec<_>>(),
        vec![ids(&all[0..2]), ids(&all[2..4]), ids(&all[4..5])],
        "oldest first, two per request"
    );
    for r in &received {
        assert_eq!(r.authorization.as_deref(), Some("Basic a2FtOnNlY3JldA=="));
        assert_eq!(r.version.as_deref(), Some("1.0.3"));
    }
    assert!(outbox.pending().unwrap().is_empty());
    let again = outbox.queue(&all).unwrap();
    assert_eq!(
        (again.queued, again.already_acknowledged),
        (0, 5),
        "what the LRS acknowledged is never queued again"
    );
}

#[test]
fn a_batch_the_lrs_fails_stays_queued_with_every_later_one() {
    let dir = temp("midway");
    let (lrs, server) = scripted_lrs(0, vec![Answer::Stored, Answer::Status(500)]);
    let mut outbox = Outbox::open(&dir, &lrs).unwrap();
    let all = statements(5);
    outbox.queue(&all).unwrap();
    match outbox.send(&lrs, None, 2) {
        Err(LrsError::NotDelivered { why, sent, pending, .. }) => {
            assert!(
                why.contains("could not store the statements (HTTP 500: \"no\")"),
                "{why}"
            );
            assert_eq!((sent, pending), (2, 3));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.join().unwrap().len(), 2, "no request after the failed one");
    let outbox = Outbox::open(&dir, &lrs).unwrap();
    assert_eq!(
        outbox.pending().unwrap(),
        ids(&all[2..]),
        "the failed batch and the rest wait, in order"
    );
    assert_eq!(outbox.acknowledged(), 2);
}

#[test]
fn wrong_credentials_are_said_so_and_lose_nothing() {
    let dir = temp("credentials");
    let (lrs, server) = scripted_lrs(0, vec![Answer::Status(401)]);
    let mut outbox = Outbox::open(&dir, &lrs).unwrap();
    outbox.queue(&statements(3)).unwrap();
    match outbox.send(&lrs, Some(&credentials()), 100) {
        Err(LrsError::NotDelivered { why, help, .. }) => {
            assert!(why.contains("refused the credentials (HTTP 401"), "{why}");
            assert!(help.contains("check --user and --password-file"), "{help}");
        }
        other => panic!("{other:?}"),
    }
    server.join().unwrap();
    assert_eq!(Outbox::open(&dir, &lrs).unwrap().pending().unwrap().len(), 3);
}

#[test]
fn a_web_page_or_a_redirect_is_not_taken_for_an_acknowledgement() {
    for (answer, says) in [
        (
            Answer::WebPage,
            "answered, but not with statement ids: is it the LRS's xAPI endpoint?",
        ),
        (
            Answer::Moved,
            "redirects to https://lrs.example.com/xAPI/statements (HTTP 301); give that address as --endpoint",
        ),
    ] {
        let dir = temp("not-an-lrs");
        let (lrs, server) = scripted_lrs(0, vec![answer]);
        let mut outbox = Outbox::open(&dir, &lrs).unwrap();
        outbox.queue(&statements(2)).unwrap();
        let e = outbox.send(&lrs, None, 100).unwrap_err().to_string();
        assert!(e.contains(says), "{e}");
        assert_eq!(server.join().unwrap().len(), 1, "one request, never followed");
        assert_eq!(outbox.pending().unwrap().len(), 2, "nothing leaves the outbox");
        assert_eq!(outbox.acknowledged(), 0);
    }
}

#[test]
fn statements_queued_twice_wait_once() {
    let dir = temp("twice");
    let (lrs, _) = nothing_listening();
    let mut outbox = Outbox::open(&dir, &lrs).unwrap();
    outbox.queue(&statements(2)).unwrap();
    let again = outbox.queue(&statements(4)).unwrap();
    assert_eq!((again.queued, again.already_pending), (2, 2));
    assert_eq!(outbox.pending().unwrap(), ids(&statements(4)));
    let twice_in_one_batch = [statements(5)[4].clone(), statements(5)[4].clone()];
    assert_eq!(outbox.queue(&twice_in_one_batch).unwrap().queued, 1);
    assert_eq!(outbox.pending().unwrap().len(), 5);
    let mut escaping = statements(1)[0].clone();
    escaping["id"] = json!("../../outside");
    assert!(
        outbox.queue(&[escaping]).is_err(),
        "an id that is no UUID names no file"
    );
    assert_eq!(outbox.pending().unwrap().len(), 5);
}

#[test]
fn an_outbox_for_one_lrs_refuses_to_send_to_another() {
    let dir = temp("other-lrs");
    let first = Endpoint::parse("https://lrs.example.com/xAPI").unwrap();
    let second = Endpoint::parse("https://other.example.com/xAPI").unwrap();
    Outbox::open(&dir, &first).unwrap();
    let e = Outbox::open(&dir, &second).unwrap_err().to_string();
    assert!(
        e.contains("holds statements for the LRS at https://lrs.example.com/xAPI"),
        "{e}"
    );
}

#[test]
fn a_damaged_queued_statement_is_named_and_nothing_is_sent() {
    let dir = temp("damaged");
    let (lrs, _) = nothing_listening();
    let mut outbox = Outbox::open(&dir, &lrs).unwrap();
    outbox.queue(&statements(2)).unwrap();
    let pending = dir.join("pending");
    let first = std::fs::read_dir(&pending)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    std::fs::write(&first, "{ half a statement").unwrap();
    let e = outbox.send(&lrs, None, 100).unwrap_err().to_string();
    assert!(
        e.contains(&first.display().to_string()) && e.contains("not a queued statement"),
        "{e}"
    );
}
