//! `report.html` without a browser: a hostile name stays text, nothing is loaded or run, and
//! both languages are written.

mod common;

use common::{SQUARES, gapmap, world};

const SCENARIO: &str = r#"name = "hostile"
[inputs]
municipalities = "m.geojson"
population = "population.csv"
providers = "providers.csv"
[groups.all]
columns = ["total"]
[services.care]
label = "Péče </td><script>alert('služba')</script>"
form = "field"
catchment = 30.0
need = [{ group = "all", per_1000 = 10.0 }]
"#;

#[test]
fn a_hostile_name_stays_text() {
    let m = SQUARES.replace(r#""name":"West""#, r#""name":"<script>alert(1)</script>""#);
    let dir = world(&[
        ("scenario.toml", SCENARIO),
        ("m.geojson", &m),
        ("population.csv", "code,total\nM1,1000\nM2,3000\n"),
        (
            "providers.csv",
            "id,name,service,capacity,lon,lat\nP1,\"\"\"><img src=x onerror=alert(2)>\",care,5,15.05,50.05\n",
        ),
    ]);
    let o = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("<img"), "an img tag got through");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("Péče &lt;/td&gt;&lt;script&gt;"));
    assert!(html.contains(r#"http-equiv="Content-Security-Policy" content="default-src 'none';"#));
}

#[test]
fn the_report_is_czech_by_default_and_english_on_request() {
    let out = tempfile::tempdir().unwrap();
    for (lang, words) in [
        (
            None,
            [
                "<html lang=\"cs\"",
                "Nenaplněná potřeba",
                "Sociodemografický profil",
            ],
        ),
        (
            Some("en"),
            [
                "<html lang=\"en\"",
                "Unmet need",
                "Socio-demographic profile",
            ],
        ),
    ] {
        let path = out.path().join(lang.unwrap_or("cs"));
        let mut args = vec![
            "run",
            "scenarios/demo.toml",
            "--out",
            path.to_str().unwrap(),
            "--quiet",
        ];
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        let o = gapmap(&common::root(), &args);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let html = std::fs::read_to_string(path.join("report.html")).unwrap();
        for w in words {
            assert!(html.contains(w), "{lang:?}: {w}");
        }
        // Czech numbers: the home-care need, 164.04, as 164,0 in Czech and 164.0 in English.
        let need = if lang.is_none() { ">164,0<" } else { ">164.0<" };
        assert!(html.contains(need), "{lang:?}: {need}");
    }
}

#[test]
fn compare_and_site_write_their_reports() {
    let out = tempfile::tempdir().unwrap();
    let cmp = out.path().join("cmp");
    let o = gapmap(
        &common::root(),
        &[
            "compare",
            "scenarios/demo.toml",
            "scenarios/demo-new-home.toml",
            "--out",
            cmp.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    assert!(html.contains("Scenarios compared"));
    // The totals table with the delta of unmet need: 14.0 → 0.1 places, so −13.9.
    assert!(html.contains(">−13.9<"), "no delta of the new home");
    assert!(!html.to_ascii_lowercase().contains("<script"));

    let site = out.path().join("site");
    let o = gapmap(
        &common::root(),
        &[
            "site",
            "scenarios/demo.toml",
            "--service",
            "home_for_elderly",
            "--count",
            "1",
            "--capacity",
            "16",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(site.join("site.html")).unwrap();
    // Proved optimal, 14.0 before and 0.1 after (README's siting example).
    assert!(html.contains("Optimum je prokázáno"));
    assert!(html.contains(">14,0<") && html.contains(">0,1<"));
    assert!(html.contains("Loučovice nad Blanicí"));
    assert!(!html.to_ascii_lowercase().contains("<script"));
}
