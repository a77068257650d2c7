//! `report.html` without a browser: a hostile name stays text, nothing is loaded or run, and
//! both languages are written.

use crate::common;

use crate::common::{SQUARES, gapmap, world};

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

#[test]
fn the_report_reads_as_a_planner_reads_it() {
    // West (M1) is context, East (M2) the region; the scenario names the region.
    let m = SQUARES.replace(
        r#""code":"M1","name":"West""#,
        r#""code":"M1","name":"West","in_region":false"#,
    );
    let scenario = format!(
        "description = \"Mikroregion Pod Horou\"\n{}",
        common::field_scenario!("pod-horou", "50.0")
    );
    let dir = world(&[
        ("plan/scenario.toml", &scenario),
        ("plan/m.geojson", &m),
        ("plan/population.csv", "code,total\nM1,1000\nM2,3000\n"),
        (
            "plan/providers.csv",
            "id,name,service,capacity,lon,lat\nP1,Pečovatelská služba Horní,care,20,15.05,50.05\n",
        ),
    ]);
    // Run from elsewhere, with the scenario given by its absolute path.
    let scenario_path = dir.path().join("plan/scenario.toml");
    let out = dir.path().join("out");
    let o = gapmap(
        &common::root(),
        &[
            "run",
            scenario_path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();

    // The title names the region, not the slug.
    assert!(
        html.contains("<h1>Analýza sítě sociálních služeb – Mikroregion Pod Horou</h1>"),
        "{}",
        &html[..html.find("</h1>").unwrap_or(0) + 5]
    );
    // Input files as the scenario names them, never this machine's paths.
    let root = dir.path().to_str().unwrap();
    assert!(!html.contains(root), "the report prints an absolute path");
    assert!(html.contains("<code>m.geojson</code>"));
    assert!(html.contains("<code>scenario.toml</code>"));
    // The provider stands in the context (West) and serves both: the region's East first.
    assert!(
        html.contains("<td>East, West</td>"),
        "the catalogue lists context municipalities first"
    );
    // The region's municipality is named on the maps, with a halo; the context's is not. A
    // region of one municipality has one value per map of values: those maps are a sentence,
    // and the area, the network and the gap map remain.
    let labels = html.split("<g class=\"labels\"").count() - 1;
    assert!(labels >= 3, "{labels} maps with names");
    let first = html.split("<g class=\"labels\"").nth(1).unwrap();
    let first = &first[..first.find("</g>").unwrap()];
    assert!(
        first.contains(">East</text>") && !first.contains(">West</text>"),
        "{first}"
    );
    assert!(html.contains("paint-order: stroke"), "no halo");
}

#[test]
fn labels_never_overlap() {
    // The demo's names, placed greedily: no two boxes (estimated as the placement does, 0.6 em
    // a character) overlap, and the largest municipality is always named.
    let (out, _) = common::run_demo();
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let group = html
        .split("<g class=\"labels\" font-size=\"17\">")
        .nth(1)
        .unwrap();
    let group = &group[..group.find("</g>").unwrap()];
    let mut boxes: Vec<(f64, f64, f64, f64, String)> = Vec::new();
    for text in group.split("<text ").skip(1) {
        let attr = |name: &str| -> f64 {
            let start = text.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            text[start..start + text[start..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        let name = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
        let (x, y) = (attr("x"), attr("y") - 0.35 * 17.0);
        let w = 0.3 * 17.0 * name.chars().count() as f64;
        boxes.push((x - w, y - 8.5, x + w, y + 8.5, name.to_string()));
    }
    assert!(boxes.len() >= 10, "{} names", boxes.len());
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
            assert!(!overlap, "{} overlaps {}", a.4, b.4);
        }
    }
    // Loučovice nad Blanicí, the demo's town, is the largest: it is named.
    assert!(boxes.iter().any(|b| b.4 == "Loučovice nad Blanicí"));
}
