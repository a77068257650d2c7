//! Hand-computed cases: tiny worlds whose every number is worked out from the formulas in
//! CONTRACT.md. Each runs the real binary through one helper, `check(input, expect)`.
//!
//! Geometry used throughout: points on the meridian 15° E. With the GRS80 mean radius
//! R = 6371.0088 km, 0.1° of latitude is 2πR/3600 = 11.119508 km, so
//! A (50.0) – B (50.1) = 11.119508 km, B – Y (50.3) = 22.239016 km, A – Y = 33.358524 km.

use crate::common;

use crate::common::{SQUARES, gapmap, world};

/// Runs `gapmap run` on `input` (file name, text) and compares the gap rows with `expect`:
/// `unit service need supply gap coverage accessibility nearest reachable`, numbers to six
/// decimals, an empty value as `-`.
fn check(input: &[(&str, &str)], expect: &str) {
    let dir = world(input);
    let out = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(out.code, 0, "gapmap failed: {}", out.stderr);
    let rows = common::read_csv(&dir.path().join("out/gaps.csv"));
    let fmt = |v: &str| match v.parse::<f64>() {
        Ok(_) if v.parse::<u64>().is_ok() => v.to_string(), // counts stay whole
        Ok(x) => format!("{x:.6}"),
        Err(_) if v.is_empty() => "-".into(),
        Err(_) => v.to_string(),
    };
    let got: Vec<String> = rows
        .iter()
        .map(|r| {
            let cols = [
                "unit_id",
                "service",
                "need",
                "supply",
                "gap",
                "coverage",
                "accessibility",
                "nearest",
                "reachable",
            ];
            cols.iter()
                .map(|c| fmt(&r[*c]))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let want: Vec<String> = expect
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(got, want, "\ngot:\n{}\n", got.join("\n"));
}

/// Two demand points A (1,000 people) and B (500), norm 10 per 1,000: need 10 and 5.
const POINTS: &str = "id,lon,lat,total\nA,15.0,50.0,1000\nB,15.0,50.1,500\n";
/// X (capacity 6) stands at A; Y (capacity 3) at 50.3° N.
const PROVIDERS: &str =
    "id,name,service,capacity,lon,lat\nX,Home X,s,6,15.0,50.0\nY,Home Y,s,3,15.0,50.3\n";

fn scenario(decay: &str) -> String {
    format!(
        r#"name = "hand"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
[groups.all]
columns = ["total"]
[services.s]
form = "residential"
catchment = 25.0
decay = {decay}
need = [{{ group = "all", per_1000 = 10.0 }}]
"#
    )
}

#[test]
fn two_step_with_step_decay() {
    // X reaches A (0 km) and B (11.12 km); Y reaches only B (22.24 km; A is 33.36 > 25).
    // R_X = 6 / (10 + 5) = 0.4; R_Y = 3 / 5 = 0.6.
    // A: A = 0.4, supply 4, gap 6.  B: A = 0.4 + 0.6 = 1.0, supply 5, gap 0.
    // Total supply 9 = total capacity 9.
    check(
        &[
            ("scenario.toml", &scenario("{ kind = \"step\" }")),
            ("points.csv", POINTS),
            ("providers.csv", PROVIDERS),
        ],
        "
        A s 10.000000 4.000000 6.000000 0.400000 0.400000 0.000000 1
        B s 5.000000 5.000000 0.000000 1.000000 1.000000 11.119508 2
        ",
    );
}

#[test]
fn two_step_with_linear_decay() {
    // W_AX = 1, W_BX = 1 − 11.119508/25 = 0.555220, W_BY = 1 − 22.239016/25 = 0.110439.
    // R_X = 6 / (10 + 0.555220·5) = 0.469627; R_Y = 3 / (0.110439·5) = 5.432846.
    // A_A = 0.469627 → supply 4.696269; A_B = 0.555220·0.469627 + 0.110439·5.432846 = 0.860746
    // → supply 4.303731. Total 9.
    check(
        &[
            ("scenario.toml", &scenario("{ kind = \"linear\" }")),
            ("points.csv", POINTS),
            ("providers.csv", PROVIDERS),
        ],
        "
        A s 10.000000 4.696269 5.303731 0.469627 0.469627 0.000000 1
        B s 5.000000 4.303731 0.696269 0.860746 0.860746 11.119508 2
        ",
    );
}

#[test]
fn two_step_with_gaussian_decay() {
    // σ = 10: W_BX = exp(−11.119508²/200) = 0.538904, W_BY = exp(−22.239016²/200) = 0.084343.
    // R_X = 6 / (10 + 0.538904·5) = 0.472645; R_Y = 3 / (0.084343·5) = 7.113850.
    // A_A = 0.472645; A_B = 0.538904·0.472645 + 0.084343·7.113850 = 0.854710.
    check(
        &[
            (
                "scenario.toml",
                &scenario("{ kind = \"gaussian\", sigma = 10.0 }"),
            ),
            ("points.csv", POINTS),
            ("providers.csv", PROVIDERS),
        ],
        "
        A s 10.000000 4.726448 5.273552 0.472645 0.472645 0.000000 1
        B s 5.000000 4.273552 0.726448 0.854710 0.854710 11.119508 2
        ",
    );
}

#[test]
fn e2sfca_bands() {
    // Bands [[10, 1.0], [20, 0.5], [25, 0.2]]: W_AX = 1 (0 km), W_BX = 0.5 (11.12 km),
    // W_BY = 0.2 (22.24 km).
    // R_X = 6 / (10 + 0.5·5) = 0.48; R_Y = 3 / (0.2·5) = 3.
    // A_A = 0.48 → 4.8; A_B = 0.5·0.48 + 0.2·3 = 0.84 → 4.2. Total 9.
    check(
        &[
            (
                "scenario.toml",
                &scenario("{ kind = \"steps\", steps = [[10.0, 1.0], [20.0, 0.5], [25.0, 0.2]] }"),
            ),
            ("points.csv", POINTS),
            ("providers.csv", PROVIDERS),
        ],
        "
        A s 10.000000 4.800000 5.200000 0.480000 0.480000 0.000000 1
        B s 5.000000 4.200000 0.800000 0.840000 0.840000 11.119508 2
        ",
    );
}

#[test]
fn unit_out_of_reach_and_provider_without_demand() {
    // C (50.6° N) is 55.6 km from X and 33.4 km from Y: out of a 25 km catchment, so its need
    // of 2 is out of reach and `nearest` is Y at 33.358524 km. Z (49.0° N) reaches nobody: its
    // capacity is not counted as supply.
    let points = format!("{POINTS}C,15.0,50.6,200\n");
    let providers = format!("{PROVIDERS}Z,Far,s,50,15.0,49.0\n");
    check(
        &[
            ("scenario.toml", &scenario("{ kind = \"step\" }")),
            ("points.csv", &points),
            ("providers.csv", &providers),
        ],
        "
        A s 10.000000 4.000000 6.000000 0.400000 0.400000 0.000000 1
        B s 5.000000 5.000000 0.000000 1.000000 1.000000 11.119508 2
        C s 2.000000 0.000000 2.000000 0.000000 0.000000 33.358524 0
        ",
    );
}

#[test]
fn zero_need_has_empty_coverage() {
    // B has nobody: need 0, so coverage is empty. B adds no demand: R_X = 6 / 10 = 0.6, and Y
    // has no demand in reach (R_Y = 0). A_B = 0.6 + 0 is still reported.
    let points = "id,lon,lat,total\nA,15.0,50.0,1000\nB,15.0,50.1,0\n";
    check(
        &[
            ("scenario.toml", &scenario("{ kind = \"step\" }")),
            ("points.csv", points),
            ("providers.csv", PROVIDERS),
        ],
        "
        A s 10.000000 6.000000 4.000000 0.600000 0.600000 0.000000 1
        B s 0.000000 0.000000 0.000000 - 0.600000 11.119508 2
        ",
    );
}

fn municipal_scenario(catchment: f64) -> String {
    format!(
        r#"name = "muni"
[inputs]
municipalities = "m.geojson"
population = "population.csv"
providers = "providers.csv"
[groups.all]
columns = ["total"]
[services.care]
form = "field"
catchment = {catchment}
need = [{{ group = "all", per_1000 = 100.0 }}]
"#
    )
}

#[test]
fn field_service_with_an_area_reaches_exactly_its_municipalities() {
    // Need: M1 10, M2 30. P1 (capacity 8) declares area M2 only, though it sits in M1 and a
    // 100 km catchment would reach both: it serves M2 alone, at weight 1 and cost 0.
    // R = 8 / 30; M2 supply 8. An area provider is not reached by distance at all, so M1 has
    // no provider in reach and no nearest one.
    let providers = "id,name,service,capacity,lon,lat,area\nP1,Care,care,8,15.05,50.05,M2\n";
    check(
        &[
            ("scenario.toml", &municipal_scenario(100.0)),
            ("m.geojson", SQUARES),
            ("population.csv", "code,total\nM1,100\nM2,300\n"),
            ("providers.csv", providers),
        ],
        "
        M1 care 10.000000 0.000000 10.000000 0.000000 0.000000 - 0
        M2 care 30.000000 8.000000 22.000000 0.266667 0.266667 0.000000 1
        ",
    );
}

/// Points a1, a2 in M1 (assigned by point-in-polygon), b1 in M2 by its `municipality` column.
/// Need 10 per 100 people: a1 5, a2 5, b1 10. One provider of capacity 10 at a1; a catchment
/// of 5 km reaches a1 (0 km) and a2 (3.34 km: 0.03° of latitude), not b1 (7.14 km).
/// `method` is appended to the service.
fn check_points_in_municipalities(method: &str, expect: &str) {
    let points = "id,municipality,lon,lat,total\na1,,15.02,50.02,50\na2,,15.02,50.05,50\nb1,M2,15.12,50.02,100\n";
    let scenario = municipal_scenario(5.0).replace(
        "providers = \"providers.csv\"",
        "providers = \"providers.csv\"\ndemand_points = \"points.csv\"",
    ) + method;
    check(
        &[
            ("scenario.toml", &scenario),
            ("m.geojson", SQUARES),
            ("population.csv", "code,total\nM1,100\nM2,300\n"),
            ("points.csv", points),
            (
                "providers.csv",
                "id,name,service,capacity,lon,lat\nP1,Care,care,10,15.02,50.02\n",
            ),
        ],
        expect,
    );
}

#[test]
fn demand_points_are_summed_per_municipality() {
    // R = 10 / 10 = 1: M1 supply 10, gap 0; M2 supply 0, nearest 7.144508. M1's accessibility
    // is its points' need-weighted mean, its nearest the nearer of its points' distances, 0;
    // reachable counts the provider once.
    check_points_in_municipalities(
        "",
        "
        M1 care 10.000000 10.000000 0.000000 1.000000 1.000000 0.000000 1
        M2 care 10.000000 0.000000 10.000000 0.000000 0.000000 7.144508 0
        ",
    );
}

#[test]
fn bfca_accessibility_adds_up_over_a_municipality_s_points() {
    // L = 10 / (1·5 + 1·5) = 1. By provider, P1's level is split ½ to a1 and ½ to a2, so
    // each point has A = 0.5 and M1, as the sum, has 1: what M1 would have as one origin.
    // (A need-weighted mean would say 0.5.) Supply: 5 + 5 allotted.
    check_points_in_municipalities(
        "method = \"bfca\"\n",
        "
        M1 care 10.000000 10.000000 0.000000 1.000000 1.000000 0.000000 1
        M2 care 10.000000 0.000000 10.000000 0.000000 0.000000 7.144508 0
        ",
    );
}

#[test]
fn a_providers_file_with_only_its_header_means_no_providers() {
    // No provider: no supply anywhere, the whole need is the gap, coverage 0, no nearest.
    check(
        &[
            ("scenario.toml", &scenario("{ kind = \"step\" }")),
            ("points.csv", POINTS),
            ("providers.csv", "id,name,service,capacity,lon,lat\n"),
        ],
        "
        A s 10.000000 0.000000 10.000000 0.000000 0.000000 - 0
        B s 5.000000 0.000000 5.000000 0.000000 0.000000 - 0
        ",
    );
}

fn cost_scenario(decay: &str) -> String {
    format!(
        r#"name = "costs"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
costs = "costs.csv"
[groups.all]
columns = ["total"]
[services.s]
form = "residential"
catchment = 20.0
decay = {decay}
need = [{{ group = "all", per_1000 = 10.0 }}]
"#
    )
}

/// Units "1" (1,000 people) and "2" (500) with no coordinates; providers named "1" and "2" too.
const COST_POINTS: &str = "id,total\n1,1000\n2,500\n";
const COST_PROVIDERS: &str = "id,name,service,capacity,lon,lat\n1,One,s,6,,\n2,Two,s,3,,\n";
/// Asymmetric on purpose: 1→2 costs 30 but 2→1 costs 12. A tool that reads the matrix
/// transposed would let unit 1 reach provider 2 (at 12) and get other numbers.
const COSTS: &str = "origin,destination,cost\n1,1,5\n1,2,30\n2,1,12\n2,2,8\n";

#[test]
fn cost_matrix_with_asymmetric_costs() {
    // Catchment 20 (cost units), step. Unit 1 reaches provider 1 (5); provider 2 is at 30.
    // Unit 2 reaches both (12 and 8).
    // R_1 = 6 / (10 + 5) = 0.4; R_2 = 3 / 5 = 0.6.
    // Unit 1: A = 0.4, supply 4, nearest 5.  Unit 2: A = 1.0, supply 5, nearest 8.
    check(
        &[
            ("scenario.toml", &cost_scenario("{ kind = \"step\" }")),
            ("points.csv", COST_POINTS),
            ("providers.csv", COST_PROVIDERS),
            ("costs.csv", COSTS),
        ],
        "
        1 s 10.000000 4.000000 6.000000 0.400000 0.400000 5.000000 1
        2 s 5.000000 5.000000 0.000000 1.000000 1.000000 8.000000 2
        ",
    );
}

#[test]
fn cost_matrix_with_linear_decay_and_a_missing_pair() {
    // Linear decay in cost units: W = 1 − c/20. W_11 = 0.75, W_21 = 0.4, W_22 = 0.6.
    // Unit 3 has no row at all: out of reach, no nearest.
    // R_1 = 6 / (0.75·10 + 0.4·5) = 6 / 9.5 = 0.631579; R_2 = 3 / (0.6·5) = 1.
    // Unit 1: A = 0.75·0.631579 = 0.473684, supply 4.736842.
    // Unit 2: A = 0.4·0.631579 + 0.6·1 = 0.852632, supply 4.263158. Total 9.
    check(
        &[
            ("scenario.toml", &cost_scenario("{ kind = \"linear\" }")),
            ("points.csv", "id,total\n1,1000\n2,500\n3,300\n"),
            ("providers.csv", COST_PROVIDERS),
            ("costs.csv", COSTS),
        ],
        "
        1 s 10.000000 4.736842 5.263158 0.473684 0.473684 5.000000 1
        2 s 5.000000 4.263158 0.736842 0.852632 0.852632 8.000000 2
        3 s 3.000000 0.000000 3.000000 0.000000 0.000000 - 0
        ",
    );
}

#[test]
fn cost_matrix_between_municipalities_and_providers() {
    // Origins are municipality ids when there are no demand points. P1 has no coordinates.
    // M1 → P1 costs 15 (inside 20), M2 → P1 costs 25 (outside): only M1 is served.
    let scenario = municipal_scenario(20.0).replace(
        "providers = \"providers.csv\"",
        "providers = \"providers.csv\"\ncosts = \"costs.csv\"",
    );
    check(
        &[
            ("scenario.toml", &scenario),
            ("m.geojson", SQUARES),
            ("population.csv", "code,total\nM1,100\nM2,300\n"),
            (
                "providers.csv",
                "id,name,service,capacity,lon,lat\nP1,Care,care,4,,\n",
            ),
            ("costs.csv", "origin,destination,cost\nM1,P1,15\nM2,P1,25\n"),
        ],
        "
        M1 care 10.000000 4.000000 6.000000 0.400000 0.400000 15.000000 1
        M2 care 30.000000 0.000000 30.000000 0.000000 0.000000 25.000000 0
        ",
    );
}

/// One world for every method, on the asymmetric matrix above plus two more units and one more
/// provider. Unit 3 (300 people) has no row: out of reach. Unit 4 has no people but reaches
/// provider 1 (at 10) and provider 3 (at 4); provider 3 (capacity 4) has no need in reach.
/// Linear decay over a catchment of 20: W_11 = 0.75, W_21 = 0.4, W_22 = 0.6, W_41 = 0.5,
/// W_43 = 0.8 (1 → 2 at 30 is out). Needs: 10, 5, 3, 0.
const METHOD_POINTS: &str = "id,total\n1,1000\n2,500\n3,300\n4,0\n";
const METHOD_PROVIDERS: &str =
    "id,name,service,capacity,lon,lat\n1,One,s,6,,\n2,Two,s,3,,\n3,Three,s,4,,\n";
const METHOD_COSTS: &str = "origin,destination,cost\n1,1,5\n1,2,30\n2,1,12\n2,2,8\n4,1,10\n4,3,4\n";

/// Runs the method world twice: with `method` set on the service (overriding the default
/// 2sfca), and as the scenario's `[method]`.
fn check_method(method: &str, expect: &str) {
    let base = cost_scenario("{ kind = \"linear\" }");
    for scenario in [
        format!("{base}method = \"{method}\"\n"),
        format!("{base}[method]\nkind = \"{method}\"\n"),
    ] {
        check(
            &[
                ("scenario.toml", &scenario),
                ("points.csv", METHOD_POINTS),
                ("providers.csv", METHOD_PROVIDERS),
                ("costs.csv", METHOD_COSTS),
            ],
            expect,
        );
    }
}

#[test]
fn two_step_method_world() {
    // R_1 = 6 / (0.75·10 + 0.4·5 + 0.5·0) = 0.631579; R_2 = 3 / (0.6·5) = 1; R_3: no need.
    // Unit 4 has no need: A = 0.5·0.631579 = 0.315789, supply 0, coverage empty.
    check_method(
        "e2sfca",
        "
        1 s 10.000000 4.736842 5.263158 0.473684 0.473684 5.000000 1
        2 s 5.000000 4.263158 0.736842 0.852632 0.852632 8.000000 2
        3 s 3.000000 0.000000 3.000000 0.000000 0.000000 - 0
        4 s 0.000000 0.000000 0.000000 - 0.315789 4.000000 2
        ",
    );
}

#[test]
fn three_step_method_world() {
    // Row sums: unit 1 0.75, unit 2 1.0, unit 4 1.3. G = W / row sum:
    // G_11 = 1, G_21 = 0.4, G_22 = 0.6, G_41 = 0.5/1.3, G_43 = 0.8/1.3.
    // W·G: 0.75, 0.16, 0.36, 0.25/1.3 = 0.192308, 0.64/1.3 = 0.492308.
    // R_1 = 6 / (0.75·10 + 0.16·5) = 6 / 8.3 = 0.722892; R_2 = 3 / (0.36·5) = 1.666667.
    // A_1 = 0.75·0.722892 = 0.542169 → supply 5.421687.
    // A_2 = 0.16·0.722892 + 0.36·1.666667 = 0.715663 → supply 3.578313. Total 9 = 6 + 3.
    // A_4 = 0.192308·0.722892 = 0.139018, supply 0.
    check_method(
        "3sfca",
        "
        1 s 10.000000 5.421687 4.578313 0.542169 0.542169 5.000000 1
        2 s 5.000000 3.578313 1.421687 0.715663 0.715663 8.000000 2
        3 s 3.000000 0.000000 3.000000 0.000000 0.000000 - 0
        4 s 0.000000 0.000000 0.000000 - 0.139018 4.000000 2
        ",
    );
}

#[test]
fn balanced_method_world() {
    // By origin (W / row sum): unit 1 → 1: 1; unit 2 → 1: 0.4, → 2: 0.6; unit 4 → 1: 0.5/1.3.
    // L_1 = 6 / (1·10 + 0.4·5 + 0.384615·0) = 0.5; L_2 = 3 / (0.6·5) = 1; L_3: no need.
    // Supply (allotted): unit 1 10·1·0.5 = 5; unit 2 5·(0.4·0.5 + 0.6·1) = 4. Total 9.
    // By provider (W / column sum): column 1 sums 1.65, column 2 0.6, column 3 0.8.
    // A_1 = 0.75/1.65·0.5 = 0.227273; A_2 = 0.4/1.65·0.5 + 1·1 = 1.121212;
    // A_4 = 0.5/1.65·0.5 + 1·0 = 0.151515.
    check_method(
        "bfca",
        "
        1 s 10.000000 5.000000 5.000000 0.500000 0.227273 5.000000 1
        2 s 5.000000 4.000000 1.000000 0.800000 1.121212 8.000000 2
        3 s 3.000000 0.000000 3.000000 0.000000 0.000000 - 0
        4 s 0.000000 0.000000 0.000000 - 0.151515 4.000000 2
        ",
    );
}

#[test]
fn gravity_method_world() {
    // supply_1 = 0.75·6 = 4.5, A = 0.45; supply_2 = 0.4·6 + 0.6·3 = 4.2, A = 0.84.
    // Unit 4 has no need: A undefined (empty), supply 0.
    check_method(
        "gravity",
        "
        1 s 10.000000 4.500000 5.500000 0.450000 0.450000 5.000000 1
        2 s 5.000000 4.200000 0.800000 0.840000 0.840000 8.000000 2
        3 s 3.000000 0.000000 3.000000 0.000000 0.000000 - 0
        4 s 0.000000 0.000000 0.000000 - - 4.000000 2
        ",
    );
}

#[test]
fn cumulative_method_world() {
    // Capacity in reach, whatever the weight: unit 1 6 (A 0.6); unit 2 6 + 3 = 9 (A 1.8), a
    // surplus of 4, because nothing competes for provider 1's beds.
    check_method(
        "cumulative",
        "
        1 s 10.000000 6.000000 4.000000 0.600000 0.600000 5.000000 1
        2 s 5.000000 9.000000 -4.000000 1.800000 1.800000 8.000000 2
        3 s 3.000000 0.000000 3.000000 0.000000 0.000000 - 0
        4 s 0.000000 0.000000 0.000000 - - 4.000000 2
        ",
    );
}

#[test]
fn summary_gives_the_share_out_of_reach_and_the_gini_of_accessibility() {
    // The 2SFCA method world. Need 10 + 5 + 3 + 0 = 18; unit 3's 3 are out of reach: 1/6.
    // Gini over units weighted by need (unit 4 weighs 0), accessibility in ascending order:
    // unit 3 (0, w 3), unit 1 (0.473684, w 10), unit 2 (0.852632, w 5).
    // Σ w·A = 9. Pairs: 3·10·0.473684 + 3·5·0.852632 + 10·5·0.378947 = 45.947368.
    // G = 2 · 45.947368 / (2 · 18² · (9 / 18)) = 0.283626.
    let dir = world(&[
        (
            "scenario.toml",
            &(cost_scenario("{ kind = \"linear\" }") + "method = \"e2sfca\"\n"),
        ),
        ("points.csv", METHOD_POINTS),
        ("providers.csv", METHOD_PROVIDERS),
        ("costs.csv", METHOD_COSTS),
    ]);
    let out = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = common::read_csv(&dir.path().join("out/summary.csv"));
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["method"], "2sfca");
    assert_eq!(common::num(r, "need"), 18.0);
    assert_eq!(common::num(r, "capacity"), 13.0);
    assert_eq!(common::num(r, "need_out_of_reach"), 3.0);
    // CSV numbers have 10 significant digits.
    assert!((common::num(r, "need_out_of_reach_share") - 1.0 / 6.0).abs() < 1e-10);
    assert!((common::num(r, "accessibility_gini") - 0.283626).abs() < 1e-6);
}

/// Runs the 2SFCA method world with a fifth unit like unit 3 (300 people, out of reach), plus
/// `extra` scenario text, and returns priorities.csv as `rank unit service gap score` lines.
fn priorities_of(extra: &str) -> Vec<String> {
    let dir = world(&[
        (
            "scenario.toml",
            &(cost_scenario("{ kind = \"linear\" }") + extra),
        ),
        ("points.csv", &format!("{METHOD_POINTS}5,300\n")),
        ("providers.csv", METHOD_PROVIDERS),
        ("costs.csv", METHOD_COSTS),
    ]);
    let out = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    common::read_csv(&dir.path().join("out/priorities.csv"))
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {:.6} {:.6}",
                r["rank"],
                r["unit_id"],
                r["service"],
                common::num(r, "gap"),
                common::num(r, "score")
            )
        })
        .collect()
}

#[test]
fn priorities_rank_positive_gaps_by_score_then_gap_then_unit() {
    // Gaps from the 2SFCA method world: unit 1 5.263158, unit 2 0.736842, units 3 and 5 3 each
    // (out of reach), unit 4 0 (no need: not a priority). By default the score is the gap; the
    // tie of units 3 and 5 goes to the lower unit id.
    assert_eq!(
        priorities_of(""),
        [
            "1 1 s 5.263158 5.263158",
            "2 3 s 3.000000 3.000000",
            "3 5 s 3.000000 3.000000",
            "4 2 s 0.736842 0.736842",
        ]
    );
    // Weights multiply: service s × 2 and group all × 1.5 make every score 3 × the gap.
    assert_eq!(
        priorities_of("[priorities]\nweights = { s = 2.0, all = 1.5 }\n"),
        [
            "1 1 s 5.263158 15.789474",
            "2 3 s 3.000000 9.000000",
            "3 5 s 3.000000 9.000000",
            "4 2 s 0.736842 2.210526",
        ]
    );
}

#[test]
fn survey_based_need_with_its_wilson_interval() {
    // Points A (1,000 people) and B (500). survey.csv: A's own row, 30 of 100 respondents need
    // the service; the region-wide row, 20 of 200, applies to B. Rates 0.3 and 0.1: need 300
    // and 50.
    // Wilson with the finite-population correction, z = 1.959964:
    //   A: N = 1,000 (A's people), n_eff = 100 · 999 / 900 = 111: 0.222611–0.390769.
    //   B: N = 500 (the people of the units without a row of their own), n_eff = 200 · 499 /
    //      300 = 332.667: 0.072189–0.136943.
    // Supply (2SFCA, step): R_X = 6 / 350, R_Y = 3 / 50; A 5.142857, B 3.857143.
    // gap_low = need_low − supply, gap_high = need_high − supply.
    let scenario =
        scenario("{ kind = \"step\" }").replace("per_1000 = 10.0", "survey = \"survey.csv\"");
    let dir = world(&[
        ("scenario.toml", &scenario),
        ("points.csv", POINTS),
        ("providers.csv", PROVIDERS),
        (
            "survey.csv",
            "service,respondents,needing,unit_id\ns,100,30,A\ns,200,20,\n",
        ),
    ]);
    let out = gapmap(
        dir.path(),
        &["run", "scenario.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: Vec<String> = common::read_csv(&dir.path().join("out/gaps.csv"))
        .iter()
        .map(|r| {
            [
                "need",
                "supply",
                "need_low",
                "need_high",
                "gap_low",
                "gap_high",
            ]
            .iter()
            .map(|c| format!("{:.6}", common::num(r, c)))
            .collect::<Vec<_>>()
            .join(" ")
        })
        .collect();
    assert_eq!(
        got,
        [
            "300.000000 5.142857 222.611020 390.769022 217.468163 385.626165",
            "50.000000 3.857143 36.094714 68.471546 32.237571 64.614403",
        ]
    );
}
