//! Travel on roads: the reader, the graph, snapping and the searches, on hand-built networks
//! worked by hand, on real OpenStreetMap extracts (tests/data, © OpenStreetMap contributors,
//! ODbL) against an independent Dijkstra (petgraph), and through the command line.

use crate::common;

use std::path::Path;

use crate::common::{assert_refused, gapmap, root, world};
use gapmap::load::osm_pbf;
use gapmap::model::LonLat;
use gapmap::roads::graph::Graph;
use gapmap::roads::profile::Mode;
use gapmap::roads::snap::{Snap, Snapper};
use gapmap::roads::{self, minutes, snap_all};
use gapmap::synth::pbf::{OsmNode, OsmWay, write};

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

fn node(id: i64, lon: f64, lat: f64) -> OsmNode {
    OsmNode { id, lon, lat }
}

fn way(id: i64, nodes: &[i64], tags: &[(&str, &str)]) -> OsmWay {
    OsmWay {
        id,
        nodes: nodes.to_vec(),
        tags: tags
            .iter()
            .map(|&(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

/// A square block: A (14.0, 50.0) to B (14.0, 50.009), 1,000.76 m north, is one-way; the way
/// back runs B → D → E → A, 3,001.86 m, two-way; all residential, 25 km/h. An island road
/// (14.03, 50.0)–(14.03, 50.005) is not connected. `ab` is the one-way, as written.
fn block(ab: OsmWay) -> Vec<u8> {
    let nodes = [
        node(1, 14.0, 50.0),
        node(2, 14.0, 50.009),
        node(3, 14.014, 50.009),
        node(4, 14.014, 50.0),
        node(5, 14.03, 50.0),
        node(6, 14.03, 50.005),
    ];
    let ways = [
        ab,
        way(2, &[2, 3, 4, 1], &[("highway", "residential")]),
        way(3, &[5, 6], &[("highway", "residential")]),
    ];
    write(&nodes, &ways)
}

fn times(pbf: &[u8], mode: Mode, from: &[LonLat], to: &[LonLat]) -> roads::Rows {
    let ways = osm_pbf::parse(Path::new("block.osm.pbf"), pbf, mode).unwrap();
    let graph = Graph::build(&ways);
    roads::travel_times(&graph, from, to, 60.0).unwrap()
}

/// The block's corners A and B.
fn corners() -> (LonLat, LonLat) {
    (
        LonLat::new(14.0, 50.0).unwrap(),
        LonLat::new(14.0, 50.009).unwrap(),
    )
}

#[test]
fn a_one_way_street_is_driven_one_way_only() {
    #[allow(non_snake_case, reason = "the corners as the comments name them")]
    let (A, B) = corners();
    let pbf = block(way(
        1,
        &[1, 2],
        &[("highway", "residential"), ("oneway", "yes")],
    ));
    // A → B on the one-way: 1,000.76 m at 25 km/h = 144,109 ms = 2.40 min. B → A goes round
    // by D and E: 1,000.46 + 1,000.76 + 1,000.65 m = 432,268 ms = 7.20 min.
    let t = times(&pbf, Mode::Car, &[A, B], &[A, B]);
    assert_eq!(t[0], vec![(0, 0.0), (1, 2.40)]);
    assert_eq!(t[1], vec![(0, 7.20), (1, 0.0)]);
    // On foot, one-way streets are two-way: 1,000.76 m at 5 km/h = 720,544 ms = 12.01 min.
    let t = times(&pbf, Mode::Walk, &[B], &[A]);
    assert_eq!(t[0], vec![(0, 12.01)]);
}

#[test]
fn a_reversed_one_way_is_driven_against_its_node_order() {
    #[allow(non_snake_case, reason = "the corners as the comments name them")]
    let (A, B) = corners();
    // The same street written B → A with oneway=-1: still only A → B.
    let pbf = block(way(
        1,
        &[2, 1],
        &[("highway", "residential"), ("oneway", "-1")],
    ));
    let t = times(&pbf, Mode::Car, &[A, B], &[A, B]);
    assert_eq!(t[0], vec![(0, 0.0), (1, 2.40)]);
    assert_eq!(t[1], vec![(0, 7.20), (1, 0.0)]);
}

#[test]
fn a_point_off_the_road_walks_to_it() {
    #[allow(non_snake_case, reason = "the corners as the comments name them")]
    let (_, B) = corners();
    let pbf = block(way(
        1,
        &[1, 2],
        &[("highway", "residential"), ("oneway", "yes")],
    ));
    // W is 300 m west of A: 216,000 ms on foot, then the one-way: 360,109 ms = 6.00 min;
    // back from B, round the block and the walk: 648,268 ms = 10.80 min. From W to a place
    // at W itself is the walk to the road and back: 432,000 ms = 7.20 min.
    let w = at(14.0 - 300.0 / (111_195.08 * 50f64.to_radians().cos()), 50.0);
    let t = times(&pbf, Mode::Car, &[w, B], &[B, w]);
    assert_eq!(t[0], vec![(0, 6.00), (1, 7.20)]);
    assert_eq!(t[1], vec![(0, 0.0), (1, 10.80)]);
}

#[test]
fn an_island_is_left_out_and_its_neighbours_walk_to_the_network() {
    let pbf = block(way(
        1,
        &[1, 2],
        &[("highway", "residential"), ("oneway", "yes")],
    ));
    let ways = osm_pbf::parse(Path::new("block.osm.pbf"), &pbf, Mode::Car).unwrap();
    let graph = Graph::build(&ways);
    // Junctions: A and B (D and E are inside the way back), and the island's two ends.
    assert_eq!(graph.all_vertices, 4);
    assert_eq!(
        graph.vertices(),
        2,
        "the island's two junctions are left out"
    );
    // I is 36 m from the island but 1,179.33 m from E: it walks to E, 849,121 ms = 14.15 min.
    let i = at(14.0305, 50.0);
    let t = roads::travel_times(&graph, &[i], &[at(14.014, 50.0)], 60.0).unwrap();
    assert_eq!(t[0], vec![(0, 14.15)]);
}

/// Reference: every snapped place made a vertex of its own piece, then petgraph's Dijkstra.
fn reference(graph: &Graph, from: &[Snap], to: &[Snap], bound: f64) -> roads::Rows {
    use petgraph::graph::{DiGraph, NodeIndex};
    let v = graph.vertices();
    let mut g: DiGraph<(), u64> = DiGraph::new();
    for _ in 0..v + from.len() + to.len() {
        g.add_node(());
    }
    let snaps: Vec<&Snap> = from.iter().chain(to).collect();
    for (k, piece) in graph.pieces.iter().enumerate() {
        let mut on: Vec<(u32, usize)> = snaps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.piece as usize == k)
            .map(|(i, s)| (s.at, v + i))
            .collect();
        on.sort();
        let mut chain = vec![(0, piece.from as usize)];
        chain.extend(on.iter().copied());
        chain.push((piece.ms, piece.to as usize));
        for pair in chain.windows(2) {
            let ((a, x), (b, y)) = (pair[0], pair[1]);
            let w = u64::from(b - a);
            if piece.forward {
                g.add_edge(NodeIndex::new(x), NodeIndex::new(y), w);
            }
            if piece.backward {
                g.add_edge(NodeIndex::new(y), NodeIndex::new(x), w);
            }
        }
        // A place at a piece's end is that junction.
        for &(a, x) in &on {
            for (end, j) in [(0, piece.from), (piece.ms, piece.to)] {
                if a == end {
                    g.add_edge(NodeIndex::new(x), NodeIndex::new(j as usize), 0);
                    g.add_edge(NodeIndex::new(j as usize), NodeIndex::new(x), 0);
                }
            }
        }
    }
    from.iter()
        .enumerate()
        .map(|(o, s)| {
            let dist = petgraph::algo::dijkstra(&g, NodeIndex::new(v + o), None, |e| *e.weight());
            to.iter()
                .enumerate()
                .filter_map(|(d, t)| {
                    let road = dist.get(&NodeIndex::new(v + from.len() + d))?;
                    let m = minutes((u64::from(s.leg) + road + u64::from(t.leg)) as u32);
                    (m <= bound).then_some((d as u32, m))
                })
                .collect()
        })
        .collect()
}

/// Points on a grid over the extract's box, and a few others.
fn grid(graph: &Graph, n: usize, shift: f64) -> Vec<LonLat> {
    let (mut lo, mut hi) = (at(180.0, 90.0), at(-180.0, -90.0));
    for p in &graph.shape {
        lo = at(lo.lon().min(p.lon()), lo.lat().min(p.lat()));
        hi = at(hi.lon().max(p.lon()), hi.lat().max(p.lat()));
    }
    let mut out = Vec::new();
    for i in 0..n {
        for j in 0..n {
            let (x, y) = ((i as f64 + shift) / n as f64, (j as f64 + shift) / n as f64);
            out.push(at(
                lo.lon() + x * (hi.lon() - lo.lon()),
                lo.lat() + y * (hi.lat() - lo.lat()),
            ));
        }
    }
    out
}

#[test]
fn real_extracts_agree_with_an_independent_dijkstra() {
    for (file, mode, bound) in [
        ("Helsinki.osm.pbf", Mode::Car, 4.0),
        ("Helsinki.osm.pbf", Mode::Walk, 15.0),
        ("test.osm.pbf", Mode::Car, 3.0),
        ("test.osm.pbf", Mode::Walk, 20.0),
    ] {
        let ways = osm_pbf::read(&root().join("tests/data").join(file), mode).unwrap();
        let graph = Graph::build(&ways);
        let snapper = Snapper::new(&graph);
        // Many origins and few destinations (searched from the destinations, reversed), then
        // the other way round (searched from the origins).
        let many = snap_all(&snapper, &grid(&graph, 8, 0.5)).unwrap();
        let few = snap_all(&snapper, &grid(&graph, 3, 0.3)).unwrap();
        for (from, to) in [(&many, &few), (&few, &many)] {
            let got = roads::times(&graph, from, to, bound);
            let want = reference(&graph, from, to, bound);
            assert_eq!(got, want, "{file} {mode}");
            let pairs: usize = got.iter().map(Vec::len).sum();
            assert!(
                pairs > from.len() && pairs < from.len() * to.len(),
                "{file} {mode}: {pairs} pairs: the bound should cut some, not all"
            );
        }
    }
}

#[test]
fn the_car_network_is_a_directed_part_of_the_walking_one() {
    // test.osm.pbf has a motorway: by car the network is a part of the walking one, and its
    // one-way carriageways make the car graph smaller than the walk graph in junctions too.
    let path = root().join("tests/data/test.osm.pbf");
    let car = Graph::build(&osm_pbf::read(&path, Mode::Car).unwrap());
    let walk = Graph::build(&osm_pbf::read(&path, Mode::Walk).unwrap());
    assert_eq!((car.all_vertices, car.vertices()), (337, 297));
    assert_eq!((walk.all_vertices, walk.vertices()), (529, 525));
    assert!(car.pieces.iter().any(|p| !p.backward));
    assert!(walk.pieces.iter().all(|p| p.forward && p.backward));
}

const SCENARIO: &str = r#"name = "roads"
[inputs]
demand_points = "points.csv"
providers = "providers.csv"
roads = "roads.osm.pbf"
[travel]
mode = "car"
[groups.all]
columns = ["total"]
[services.care]
form = "outpatient"
catchment = 10.0
need = [{ group = "all", per_1000 = 10.0 }]
"#;

const POINTS: &str = "id,lon,lat,total\nA,14.0,50.0,1000\nB,14.0,50.009,2000\n";
const PROVIDERS: &str =
    "id,name,service,capacity,lon,lat\nPA,At A,care,10,14.0,50.0\nPB,At B,care,20,14.0,50.009\n";

fn block_world(scenario: &str, providers: &str) -> tempfile::TempDir {
    let dir = world(&[
        ("s.toml", scenario),
        ("points.csv", POINTS),
        ("providers.csv", providers),
    ]);
    let pbf = block(way(
        1,
        &[1, 2],
        &[("highway", "residential"), ("oneway", "yes")],
    ));
    std::fs::write(dir.path().join("roads.osm.pbf"), pbf).unwrap();
    dir
}

#[test]
fn costs_writes_the_matrix_that_inputs_costs_reads() {
    let dir = block_world(SCENARIO, PROVIDERS);
    let o = gapmap(dir.path(), &["costs", "s.toml", "--out", "costs.csv"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let csv = std::fs::read_to_string(dir.path().join("costs.csv")).unwrap();
    assert_eq!(
        csv,
        "origin,destination,cost\nA,PA,0\nA,PB,2.4\nB,PA,7.2\nB,PB,0\n"
    );
    // A run on the roads and a run on the exported matrix give the same gaps.
    let o = gapmap(
        dir.path(),
        &["run", "s.toml", "--out", "on-roads", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let matrix = SCENARIO
        .replace("roads = \"roads.osm.pbf\"", "costs = \"costs.csv\"")
        .replace("[travel]\nmode = \"car\"\n", "");
    std::fs::write(dir.path().join("m.toml"), matrix).unwrap();
    let o = gapmap(
        dir.path(),
        &["run", "m.toml", "--out", "on-matrix", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    for file in ["gaps.csv", "summary.csv"] {
        assert_eq!(
            std::fs::read(dir.path().join("on-roads").join(file)).unwrap(),
            std::fs::read(dir.path().join("on-matrix").join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    // Central Helsinki on foot: 49 demand points on a grid and 9 providers, 15 minutes.
    let mut points = String::from("id,lon,lat,total\n");
    let mut providers = String::from("id,name,service,capacity,lon,lat\n");
    for i in 0..7 {
        for j in 0..7 {
            let (lon, lat) = (
                24.936 + 0.0025 * f64::from(i),
                60.165 + 0.002 * f64::from(j),
            );
            points += &format!("D{i}{j},{lon},{lat},{}\n", 100 + 10 * (i + j));
        }
    }
    for k in 0..9 {
        let (lon, lat) = (
            24.937 + 0.002 * f64::from(k),
            60.166 + 0.0015 * f64::from(k),
        );
        providers += &format!("P{k},Provider {k},care,{},{lon},{lat}\n", 5 + k);
    }
    let scenario = SCENARIO
        .replace("mode = \"car\"", "mode = \"walk\"")
        .replace("catchment = 10.0", "catchment = 15.0");
    let dir = world(&[
        ("s.toml", &scenario),
        ("points.csv", &points),
        ("providers.csv", &providers),
    ]);
    std::fs::copy(
        root().join("tests/data/Helsinki.osm.pbf"),
        dir.path().join("roads.osm.pbf"),
    )
    .unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = format!("costs-{threads}.csv");
        let o = gapmap(
            dir.path(),
            &[
                "costs",
                "s.toml",
                "--out",
                &out,
                "--threads",
                threads,
                "--quiet",
            ],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        let o = gapmap(
            dir.path(),
            &[
                "run",
                "s.toml",
                "--out",
                &format!("run-{threads}"),
                "--threads",
                threads,
                "--quiet",
            ],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        outputs.push((
            std::fs::read(dir.path().join(out)).unwrap(),
            std::fs::read(dir.path().join(format!("run-{threads}/gaps.csv"))).unwrap(),
        ));
    }
    assert_eq!(outputs[0], outputs[1]);
    let rows = outputs[0].0.iter().filter(|&&b| b == b'\n').count() - 1;
    assert!(
        rows > 49 && rows < 49 * 9,
        "{rows} pairs: the bound should cut some, not all"
    );
}

#[test]
fn site_and_compare_work_on_roads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = root().join("scenarios/demo-roads.toml");
    let out = dir.path().join("site");
    let o = gapmap(
        &root(),
        &[
            "site",
            scenario.to_str().unwrap(),
            "--service",
            "home_for_elderly",
            "--count",
            "1",
            "--capacity",
            "40",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(out.join("sites.csv").exists());
    let variant = dir.path().join("closure.toml");
    std::fs::write(
        &variant,
        format!(
            "name = \"demo-roads-closure\"\nbase = {:?}\n[[changes]]\naction = \"remove_provider\"\nid = \"DS-01\"\n",
            scenario.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = dir.path().join("compare");
    let o = gapmap(
        &root(),
        &[
            "compare",
            scenario.to_str().unwrap(),
            variant.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("demo-roads-closure"));
}

#[test]
fn bad_roads_are_refused_naming_the_file() {
    // Not a PBF at all.
    let dir = block_world(SCENARIO, PROVIDERS);
    std::fs::write(
        dir.path().join("roads.osm.pbf"),
        "<osm version=\"0.6\"></osm>\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["run", "s.toml", "--out", "out"],
        "roads.osm.pbf: not a readable OpenStreetMap PBF file",
        "out",
    );
    // Cut short in the middle of a block.
    let demo = std::fs::read(root().join("geodata/demo/roads.osm.pbf")).unwrap();
    std::fs::write(dir.path().join("roads.osm.pbf"), &demo[..demo.len() / 2]).unwrap();
    assert_refused(
        dir.path(),
        &["costs", "s.toml", "--out", "c.csv"],
        "roads.osm.pbf: not a readable OpenStreetMap PBF file",
        "c.csv",
    );
    // Nothing a car may use.
    let paths = write(
        &[node(1, 14.0, 50.0), node(2, 14.0, 50.009)],
        &[
            way(1, &[1, 2], &[("highway", "footway")]),
            way(
                2,
                &[1, 2],
                &[("highway", "residential"), ("access", "private")],
            ),
        ],
    );
    std::fs::write(dir.path().join("roads.osm.pbf"), paths).unwrap();
    assert_refused(
        dir.path(),
        &["run", "s.toml", "--out", "out"],
        "roads.osm.pbf: no road a car can use",
        "out",
    );
}

#[test]
fn a_point_far_from_every_road_is_named() {
    let far = format!("{PROVIDERS}PF,Far away,care,5,14.2,50.0\n");
    let dir = block_world(SCENARIO, &far);
    assert_refused(
        dir.path(),
        &["run", "s.toml", "--out", "out"],
        "roads.osm.pbf: provider PF at 14.20000, 50.00000 is 13.3 km from the nearest road for travel by car (14.01400, 50.00000)",
        "out",
    );
}

#[test]
fn scenario_mistakes_with_roads_are_refused_and_costs_without_roads_is_km() {
    let cases = [
        (
            SCENARIO.replace("catchment = 10.0", "catchment = 0"),
            "field `catchment`: invalid catchment (got 0): must be a number of minutes > 0 (travel by car on the roads)",
        ),
        (
            SCENARIO.replace(
                "roads = \"roads.osm.pbf\"",
                "roads = \"roads.osm.pbf\"\ncosts = \"c.csv\"",
            ),
            "give `roads` (gapmap computes the travel times) or `costs` (a matrix computed elsewhere), not both",
        ),
        (
            SCENARIO.replace("mode = \"car\"", "mode = \"bike\""),
            "key `travel`, field `mode`: invalid mode (got \"bike\"): must be one of car, walk",
        ),
        (
            SCENARIO.replace("roads = \"roads.osm.pbf\"\n", ""),
            "key `travel`: applies to travel on roads",
        ),
    ];
    for (scenario, message) in cases {
        let dir = block_world(&scenario, PROVIDERS);
        assert_refused(
            dir.path(),
            &["run", "s.toml", "--out", "out"],
            message,
            "out",
        );
        assert_refused(
            dir.path(),
            &["costs", "s.toml", "--out", "c.csv"],
            message,
            "c.csv",
        );
    }
    // Without roads, `gapmap costs` writes the matrix the scenario uses: km on the sphere
    // within the largest catchment. A to B is 0.009° of latitude, 1.000755722 km.
    let plain = SCENARIO
        .replace("roads = \"roads.osm.pbf\"\n", "")
        .replace("[travel]\nmode = \"car\"\n", "");
    let dir = block_world(&plain, PROVIDERS);
    let o = gapmap(dir.path(), &["costs", "s.toml", "--quiet"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/roads/costs.csv")).unwrap(),
        "origin,destination,cost\nA,PA,0\nA,PB,1.000755722\nB,PA,1.000755722\nB,PB,0\n"
    );
    assert!(
        o.stdout.contains("4 pairs within 10 km on the sphere"),
        "{}",
        o.stdout
    );
    // A folder is not a file to write.
    assert_refused(
        dir.path(),
        &["costs", "s.toml", "--out", "out"],
        "--out out: is a folder",
        "out/costs.csv",
    );
}

#[test]
fn the_demo_files_are_what_generate_writes() {
    let dir = tempfile::tempdir().unwrap();
    // Laid out as the project is, so that demo-now.toml names its providers alike.
    let (out, scenarios) = (
        dir.path().join("geodata/demo"),
        dir.path().join("scenarios"),
    );
    let o = gapmap(
        &root(),
        &[
            "generate",
            "demo",
            "--out",
            out.to_str().unwrap(),
            "--scenarios",
            scenarios.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    for file in [
        "geodata/demo/municipalities.geojson",
        "geodata/demo/population.csv",
        "geodata/demo/providers.csv",
        "geodata/demo/providers_2027.csv",
        "geodata/demo/roads.osm.pbf",
        "geodata/demo/transit.zip",
        "geodata/demo/dotaznik.xlsx",
        "scenarios/demo-plan-2030.toml",
        "scenarios/demo-now.toml",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(file)).unwrap(),
            std::fs::read(root().join(file)).unwrap(),
            "{file} is not what `gapmap generate demo` writes"
        );
    }
    // Every junction is in one strongly connected part but for a few one-way dead ends.
    let ways = osm_pbf::read(&out.join("roads.osm.pbf"), Mode::Car).unwrap();
    let graph = Graph::build(&ways);
    assert!(graph.vertices() * 100 > graph.all_vertices * 99);
    assert!(graph.pieces.iter().any(|p| !p.backward), "one-way streets");
}

#[test]
fn generated_road_regions_run_every_service() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = gapmap(
        &root(),
        &[
            "generate",
            "roads",
            "--out",
            d,
            "--municipalities",
            "30",
            "--providers",
            "20",
            "--spacing",
            "0.6",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = gapmap(
        dir.path(),
        &["run", "roads.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let gaps = common::read_csv(&dir.path().join("out/gaps.csv"));
    assert!(gaps.iter().any(|r| common::num(r, "accessibility") > 0.0));
    // Within 30 minutes by car, a provider is reached from most municipalities.
    let reached = gaps.iter().filter(|r| !r["nearest"].is_empty()).count();
    assert!(reached * 2 > gaps.len(), "{reached} of {}", gaps.len());
}
