//! The PostgreSQL server the store's tests run against, when one is given: `KAM_SIM_TEST_POSTGRES`,
//! which `scripts/with-postgres.sh` sets. Shared by the core and command-line tests.

/// The PostgreSQL server the tests may use (`postgres://USER:PASSWORD@HOST:PORT/DBNAME`, a user who
/// may create databases), or `None`, said loudly, when none is given. With
/// `KAM_SIM_REQUIRE_POSTGRES` set (CI), a missing server fails the test instead.
pub fn postgres_server() -> Option<String> {
    match std::env::var("KAM_SIM_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("KAM_SIM_REQUIRE_POSTGRES").is_none(),
                "KAM_SIM_REQUIRE_POSTGRES is set but KAM_SIM_TEST_POSTGRES is not: run the tests under scripts/with-postgres.sh"
            );
            // Written to the process's standard error itself, past the test harness's capture, once.
            static LOUDLY: std::sync::Once = std::sync::Once::new();
            LOUDLY.call_once(|| {
                use std::io::Write as _;
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** NOT TESTED ON POSTGRESQL: KAM_SIM_TEST_POSTGRES is unset, so the store's PostgreSQL tests pass without running. Run them with `scripts/with-postgres.sh cargo test ...` ***\n"
                );
            });
            None
        }
    }
}

/// A new, empty database on the test server, named after the test and this process; its address.
pub fn fresh_postgres_database(server: &str, name: &str) -> String {
    let db = format!(
        "kam_{}_{}",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id()
    );
    let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
    // Two statements: CREATE DATABASE may not run in the transaction one batch of several is.
    for statement in [
        format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        format!("CREATE DATABASE {db}"),
    ] {
        admin
            .batch_execute(&statement)
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    let (base, _) = server.rsplit_once('/').unwrap();
    format!("{base}/{db}")
}
