//! The report in a real browser (Debian's `chromium-headless-shell`, which `.ci/run`
//! installs): it renders, holds no script, prints to PDF, and loads nothing from outside the
//! file. Without the browser the tests say so loudly, and fail under GAPMAP_REQUIRE_TOOLS=1.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{root, tool_missing};

const BROWSER: &str = "chromium-headless-shell";

/// The flags that keep the browser off the network on its own account.
pub(crate) const QUIET: [&str; 6] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// Runs the browser on `page` with `args`, in a fresh profile, with the [`QUIET`] flags.
fn browse(page: &Path, args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(BROWSER)
        .args(QUIET)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("the browser runs")
}

/// The demo's report, in `lang`, written to a temporary folder.
fn report(lang: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = common::gapmap(
        &root(),
        &[
            "run",
            "scenarios/demo.toml",
            "--out",
            dir.path().to_str().unwrap(),
            "--quiet",
            "--lang",
            lang,
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let page = dir.path().join("report.html");
    (dir, page)
}

#[test]
fn the_report_renders_in_both_languages_with_no_script() {
    if tool_missing(BROWSER) {
        return;
    }
    for (lang, heading) in [("cs", "Shrnutí"), ("en", "Summary")] {
        let (_dir, page) = report(lang);
        let dom = browse(&page, &["--dump-dom"]);
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(dom.contains(heading), "{lang}: no {heading}");
        assert!(
            !dom.to_ascii_lowercase().contains("<script"),
            "{lang}: a script"
        );
        assert!(dom.contains("Content-Security-Policy"));
    }
}

#[test]
fn the_questionnaire_chapter_renders_in_both_languages() {
    if tool_missing(BROWSER) {
        return;
    }
    for (lang, heading, chart) in [
        (
            "cs",
            "4. Dotazníková šetření",
            "podíl „ano“ s 95% intervalem",
        ),
        (
            "en",
            "4. Questionnaire surveys",
            "share of “yes” with its 95 % interval",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        common::run_scenario(
            &root().join("scenarios/demo-questionnaire.toml"),
            dir.path(),
            &["--lang", lang],
        );
        let dom = browse(&dir.path().join("report.html"), &["--dump-dom"]);
        let dom = String::from_utf8_lossy(&dom.stdout);
        let chapter = dom
            .split("id=\"pruzkum\"")
            .nth(1)
            .and_then(|rest| rest.split("<section").next())
            .unwrap_or_else(|| panic!("{lang}: no questionnaire chapter"));
        assert!(chapter.contains(heading), "{lang}: no {heading}");
        // The response-rate map, and a chart of shares for each of the two questions.
        assert_eq!(chapter.matches("<svg").count(), 3, "{lang}");
        assert_eq!(chapter.matches(chart).count(), 2, "{lang}");
        // The chapter comes before the network, and the chapters after it are renumbered.
        assert!(dom.contains("<h2>5. ") && dom.contains("<h2>9. "), "{lang}");
    }
}

#[test]
fn the_compare_and_site_reports_render_with_no_script() {
    if tool_missing(BROWSER) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (cmp, site) = (out("cmp"), out("site"));
    let runs: [&[&str]; 2] = [
        &[
            "compare",
            "scenarios/demo.toml",
            "scenarios/demo-closure.toml",
            "--out",
            &cmp,
        ],
        &[
            "site",
            "scenarios/demo.toml",
            "--service",
            "day_care",
            "--count",
            "2",
            "--capacity",
            "5",
            "--out",
            &site,
        ],
    ];
    for args in runs {
        let o = common::gapmap(&root(), args);
        assert_eq!(o.code, 0, "{}", o.stderr);
    }
    for page in [
        dir.path().join("cmp/report.html"),
        dir.path().join("site/site.html"),
    ] {
        let dom = browse(&page, &["--dump-dom"]);
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(dom.contains("<svg"), "{}: no map", page.display());
        assert!(
            !dom.to_ascii_lowercase().contains("<script"),
            "{}",
            page.display()
        );
    }
}

#[test]
fn a_screenshot_is_not_blank() {
    if tool_missing(BROWSER) {
        return;
    }
    let (dir, page) = report("cs");
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let size = |page: &Path, png: &str| {
        let png = dir.path().join(png);
        let o = browse(
            page,
            &[
                "--window-size=1200,1600",
                &format!("--screenshot={}", png.display()),
            ],
        );
        assert!(png.exists(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::metadata(png).unwrap().len()
    };
    // A white page compresses to almost nothing; maps, tables and text do not.
    let (blank, full) = (size(&blank, "blank.png"), size(&page, "report.png"));
    assert!(
        full > 20 * blank,
        "report {full} bytes against a blank page's {blank}"
    );
}

/// The pages of `page` printed to a PDF in `dir`.
fn pdf_pages(dir: &Path, page: &Path) -> usize {
    let pdf = dir.join("printed.pdf");
    browse(
        page,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF was written");
    assert!(bytes.starts_with(b"%PDF"));
    // The page tree's root counts the pages: `/Count N`, the largest such number.
    let text = String::from_utf8_lossy(&bytes);
    text.split("/Count ")
        .skip(1)
        .filter_map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<usize>()
                .ok()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn the_report_prints_to_a_pdf_of_several_pages() {
    if tool_missing(BROWSER) {
        return;
    }
    let (dir, page) = report("cs");
    let pages = pdf_pages(dir.path(), &page);
    assert!(pages >= 3, "{pages} pages");
}

#[test]
fn the_catalogue_renders_prints_a_page_a_chapter_and_loads_nothing() {
    if tool_missing(BROWSER) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("katalog");
    let o = common::gapmap(
        &root(),
        &[
            "catalogue",
            "scenarios/demo.toml",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let page = out.join("catalogue.html");
    let dom = browse(&page, &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalogue.json")).unwrap())
            .unwrap();
    let entries = json["entries"].as_array().unwrap().len();
    let chapters = json["chapters"].as_array().unwrap().len();
    assert_eq!(dom.matches("<article class=\"entry\"").count(), entries);
    assert!(dom.contains("Rejstřík obcí") && !dom.to_ascii_lowercase().contains("<script"));
    // The map's page, then each chapter and the index from a page of their own.
    let pages = pdf_pages(dir.path(), &page);
    assert!(
        pages >= chapters + 2,
        "{pages} pages for {chapters} chapters"
    );
    let seen = requests(dir.path(), &page);
    let outside: Vec<&String> = seen
        .iter()
        .filter(|u| !(u.starts_with("file:") || u.starts_with("data:")))
        .collect();
    assert!(outside.is_empty(), "the catalogue asked for {outside:?}");
}

/// The URLs a page asked for, from the browser's net log.
fn requests(dir: &Path, page: &Path) -> Vec<String> {
    let log = dir.join(format!(
        "{}.netlog.json",
        page.file_stem().unwrap().to_string_lossy()
    ));
    let png = dir.join("shot.png");
    browse(
        page,
        &[
            &format!("--log-net-log={}", log.display()),
            "--net-log-capture-mode=Everything",
            &format!("--screenshot={}", png.display()),
        ],
    );
    let text = std::fs::read_to_string(&log).expect("the browser wrote its net log");
    let mut urls: Vec<String> = text
        .split("\"url\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(String::from))
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[test]
fn the_report_loads_nothing_from_outside_the_file() {
    if tool_missing(BROWSER) {
        return;
    }
    let (dir, page) = report("cs");
    // The check can fail: a page that asks for an image on loopback shows the request.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<html><body><img src=\"http://127.0.0.1:9/x.png\"></body></html>",
    )
    .unwrap();
    let seen = requests(dir.path(), &control);
    assert!(
        seen.iter().any(|u| u.starts_with("http://127.0.0.1:9/")),
        "{seen:?}"
    );
    let seen = requests(dir.path(), &page);
    let outside: Vec<&String> = seen
        .iter()
        .filter(|u| !(u.starts_with("file:") || u.starts_with("data:")))
        .collect();
    assert!(outside.is_empty(), "the report asked for {outside:?}");
}

#[test]
fn the_outlook_and_the_monitoring_report_render_print_and_load_nothing() {
    if tool_missing(BROWSER) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (run, monitor) = (dir.path().join("run"), dir.path().join("monitor"));
    common::run_scenario(&root().join("scenarios/demo-plan-2030.toml"), &run, &[]);
    let o = common::gapmap(
        &root(),
        &[
            "monitor",
            "scenarios/demo-plan-2030.toml",
            "scenarios/demo-now.toml",
            "--date",
            "2028-01-15",
            "--out",
            monitor.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    // The outlook chapter: a sentence per service, the map of the 80+ and the tables.
    let dom = browse(&run.join("report.html"), &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let chapter = dom
        .split("id=\"vyhled\"")
        .nth(1)
        .and_then(|rest| rest.split("<section").next())
        .expect("an outlook chapter");
    assert!(chapter.contains("4. Demografický výhled"));
    assert!(chapter.contains(
        "Potřeba míst ve službě Domov pro seniory vzroste mezi lety 2021 a 2030 z 84 na 116 (+38"
    ));
    assert_eq!(chapter.matches("<svg").count(), 1);
    assert!(dom.contains("výhled k roku 2030"));
    // The monitoring report: a bar per measure, a chart per service, a map pair per service.
    let page = monitor.join("monitoring.html");
    let dom = browse(&page, &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let services_with_progress = common::read_csv(&monitor.join("indicators.csv"))
        .iter()
        .filter(|r| !r["progress"].is_empty())
        .count();
    assert!(services_with_progress > 0);
    assert_eq!(
        dom.matches("<span class=\"bar ").count(),
        3 + services_with_progress
    );
    assert_eq!(dom.matches("<svg class=\"chart\"").count(), 7);
    assert!(dom.contains("po termínu") && !dom.to_ascii_lowercase().contains("<script"));
    assert!(pdf_pages(dir.path(), &page) >= 3);
    let outside: Vec<String> = requests(dir.path(), &page)
        .into_iter()
        .filter(|u| !(u.starts_with("file:") || u.starts_with("data:")))
        .collect();
    assert!(outside.is_empty(), "monitoring.html asked for {outside:?}");
}
