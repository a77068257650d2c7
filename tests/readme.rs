//! The README shows what the demo prints; this keeps it true.

mod common;

use common::{root, run_demo};

#[test]
fn readme_shows_what_the_demo_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (_out, o) = run_demo();
    let shown: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("service "))
        .take_while(|l| !l.starts_with('…'))
        .collect();
    assert!(shown.len() >= 2, "the README's table of totals is missing");
    for line in shown {
        assert!(
            o.stdout.lines().any(|l| l == line),
            "README line not printed by the demo:\n{line}\nstdout:\n{}",
            o.stdout
        );
    }
    assert!(readme.contains("cargo run --release -- run scenarios/demo.toml"));
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l == "cargo test"),
        ".ci/run must run the README's test command"
    );
}
