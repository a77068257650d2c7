//! The README shows what the demo prints; this keeps it true.

use crate::common;

use crate::common::{root, run_demo};

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

#[test]
fn readme_shows_what_compare_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- compare "))
        .expect("the README shows a compare command");
    let scenarios: Vec<&str> = command.split_whitespace().skip(5).collect();
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["compare"];
    args.extend(&scenarios);
    args.extend(["--out", out.path().to_str().unwrap()]);
    let o = common::gapmap(&root(), &args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let shown: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("service                scenario"))
        .take_while(|l| !l.starts_with('…'))
        .collect();
    assert!(shown.len() >= 2, "the README's compare table is missing");
    for line in shown {
        assert!(
            o.stdout.lines().any(|l| l == line),
            "README line not printed by compare:\n{line}\nstdout:\n{}",
            o.stdout
        );
    }
}

#[test]
fn readme_shows_what_init_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- init "))
        .expect("the README's quick start shows init for a real ORP");
    let args: Vec<&str> = command
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .skip(4)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let o = common::gapmap(dir.path(), &args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let shown: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("wrote scenario.toml"))
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert!(shown.len() >= 3, "the README's init output is missing");
    let printed: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(shown, printed);
    // And the run command after it works on that folder.
    let run = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- run plans/"))
        .expect("the quick start runs the folder");
    let scenario = run.split_whitespace().nth(5).unwrap();
    let o = common::gapmap(dir.path(), &["run", scenario, "--out", "out", "--quiet"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn readme_shows_what_monitor_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- monitor "))
        .expect("the README shows a monitor command");
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<&str> = command.split_whitespace().skip(4).collect();
    args.extend(["--out", out.path().to_str().unwrap()]);
    let o = common::gapmap(&root(), &args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let shown: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("measure  action"))
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert!(shown.len() >= 4, "the README's monitor table is missing");
    for line in shown {
        assert!(
            o.stdout.lines().any(|l| l == line),
            "README line not printed by monitor:\n{line}\nstdout:\n{}",
            o.stdout
        );
    }
}
