//! GIS interoperability: GDAL's `ogrinfo` (Debian `gdal-bin`) reads both GeoJSON outputs with
//! no warning or error. Where `ogrinfo` is missing the test says so loudly; with
//! `GAPMAP_REQUIRE_TOOLS=1` (set by `.ci/run`) it fails instead.

mod common;

use std::process::Command;

use common::{run_demo, tool_missing};

#[test]
fn ogrinfo_reads_both_maps_cleanly() {
    if tool_missing("ogrinfo") {
        return;
    }
    let (out, _) = run_demo();
    for (file, geometry, count) in [
        ("municipalities.geojson", "Multi Polygon", 20),
        ("providers.geojson", "Point", 14),
    ] {
        let path = out.path().join(file);
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
            stdout.contains("unit_id: String"),
            "{file}: ids must be text: {stdout}"
        );
    }
}
