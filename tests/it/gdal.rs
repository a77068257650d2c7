//! GIS interoperability: GDAL's `ogrinfo` (Debian `gdal-bin`) reads every GeoJSON output (run's
//! two maps, compare's and site's) with no warning or error. Where `ogrinfo` is missing the test says so loudly; with
//! `GAPMAP_REQUIRE_TOOLS=1` (set by `.ci/run`) it fails instead.

use crate::common;

use std::process::Command;

use crate::common::{run_demo, tool_missing};

#[test]
fn ogrinfo_reads_every_map_cleanly() {
    if tool_missing("ogrinfo") {
        return;
    }
    let (out, _) = run_demo();
    let compared = tempfile::tempdir().unwrap();
    let o = common::gapmap(
        &common::root(),
        &[
            "compare",
            "scenarios/demo.toml",
            "scenarios/demo-new-home.toml",
            "--out",
            compared.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let sited = tempfile::tempdir().unwrap();
    let o = common::gapmap(
        &common::root(),
        &[
            "site",
            "scenarios/demo.toml",
            "--service",
            "day_care",
            "--count",
            "3",
            "--capacity",
            "6",
            "--out",
            sited.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    for (dir, file, geometry, count, id) in [
        (
            out.path(),
            "municipalities.geojson",
            "Multi Polygon",
            20,
            "unit_id",
        ),
        (out.path(), "providers.geojson", "Point", 14, "unit_id"),
        (
            compared.path(),
            "comparison.geojson",
            "Multi Polygon",
            20,
            "unit_id",
        ),
        (sited.path(), "sites.geojson", "Point", 3, "id"),
    ] {
        let path = dir.join(file);
        let r = Command::new("ogrinfo")
            .args(["-ro", "-al", "-so"])
            .arg(&path)
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&r.stderr),
        );
        assert!(r.status.success(), "ogrinfo failed on {file}: {stderr}");
        assert!(
            !stderr.contains("Warning") && !stderr.contains("ERROR"),
            "ogrinfo on {file}: {stderr}"
        );
        assert!(
            stdout.contains(&format!("Geometry: {geometry}")),
            "{file}: {stdout}"
        );
        assert!(
            stdout.contains(&format!("Feature Count: {count}")),
            "{file}: {stdout}"
        );
        assert!(
            stdout.contains("ID[\"EPSG\",4326]"),
            "{file} is not read as WGS 84: {stdout}"
        );
        assert!(
            stdout.contains(&format!("{id}: String")),
            "{file}: ids must be text: {stdout}"
        );
    }
}
