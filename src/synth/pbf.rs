//! A small OpenStreetMap PBF writer: nodes (dense) and ways with tags, zlib-compressed, as the
//! published format describes (`fileformat.proto`, `osmformat.proto`). It writes what gapmap's
//! synthetic networks and tests need; it is not a general OSM writer.
//!
//! ```
//! use gapmap::synth::pbf::{OsmNode, OsmWay, write};
//! let nodes = [OsmNode { id: 1, lon: 14.0, lat: 50.0 }, OsmNode { id: 2, lon: 14.0, lat: 50.01 }];
//! let ways = [OsmWay { id: 1, nodes: vec![1, 2], tags: vec![("highway".into(), "primary".into())] }];
//! let bytes = write(&nodes, &ways);
//! let read = gapmap::load::osm_pbf::parse("t.osm.pbf".as_ref(), &bytes, Default::default()).unwrap();
//! assert_eq!(read.roads.len(), 1);
//! assert_eq!(read.nodes[1].lat(), 50.01);
//! ```

use std::io::Write as _;

/// A node: id and position in degrees (stored to 10⁻⁷°, the format's default granularity).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OsmNode {
    pub id: i64,
    pub lon: f64,
    pub lat: f64,
}

/// A way: id, node ids in order, tags.
#[derive(Debug, Clone, PartialEq)]
pub struct OsmWay {
    pub id: i64,
    pub nodes: Vec<i64>,
    pub tags: Vec<(String, String)>,
}

/// Entities per block, as osmium and osmosis write them.
const PER_BLOCK: usize = 8000;

/// The file: a header block, then the nodes in blocks of dense nodes, then the ways, each
/// block zlib-compressed.
pub fn write(nodes: &[OsmNode], ways: &[OsmWay]) -> Vec<u8> {
    write_with(nodes, ways, true)
}

/// As [`write`](fn@write), with the blocks stored uncompressed (`raw`), which the format allows too.
pub fn write_raw(nodes: &[OsmNode], ways: &[OsmWay]) -> Vec<u8> {
    write_with(nodes, ways, false)
}

fn write_with(nodes: &[OsmNode], ways: &[OsmWay], zlib: bool) -> Vec<u8> {
    let blob = |out: &mut Vec<u8>, kind: &str, data: &[u8]| blob(out, kind, data, zlib);
    let mut out = Vec::new();
    let mut header = Vec::new();
    bytes_field(&mut header, 4, b"OsmSchema-V0.6");
    bytes_field(&mut header, 4, b"DenseNodes");
    bytes_field(&mut header, 16, b"gapmap synth");
    blob(&mut out, "OSMHeader", &header);
    for chunk in nodes.chunks(PER_BLOCK) {
        blob(&mut out, "OSMData", &node_block(chunk));
    }
    for chunk in ways.chunks(PER_BLOCK) {
        blob(&mut out, "OSMData", &way_block(chunk));
    }
    out
}

fn node_block(nodes: &[OsmNode]) -> Vec<u8> {
    let (mut ids, mut lats, mut lons) = (Vec::new(), Vec::new(), Vec::new());
    let (mut id, mut lat, mut lon) = (0i64, 0i64, 0i64);
    for n in nodes {
        let (nlat, nlon) = ((n.lat * 1e7).round() as i64, (n.lon * 1e7).round() as i64);
        varint(&mut ids, zigzag(n.id - id));
        varint(&mut lats, zigzag(nlat - lat));
        varint(&mut lons, zigzag(nlon - lon));
        (id, lat, lon) = (n.id, nlat, nlon);
    }
    let mut dense = Vec::new();
    bytes_field(&mut dense, 1, &ids);
    bytes_field(&mut dense, 8, &lats);
    bytes_field(&mut dense, 9, &lons);
    let mut group = Vec::new();
    bytes_field(&mut group, 2, &dense);
    block(&[String::new()], &group)
}

fn way_block(ways: &[OsmWay]) -> Vec<u8> {
    // The string table: index 0 is empty by convention.
    let mut strings: Vec<String> = vec![String::new()];
    let mut index = std::collections::HashMap::new();
    let mut sid = |s: &str| -> u64 {
        *index.entry(s.to_string()).or_insert_with(|| {
            strings.push(s.to_string());
            (strings.len() - 1) as u64
        })
    };
    let mut group = Vec::new();
    for w in ways {
        let (mut keys, mut vals, mut refs) = (Vec::new(), Vec::new(), Vec::new());
        for (k, v) in &w.tags {
            varint(&mut keys, sid(k));
            varint(&mut vals, sid(v));
        }
        let mut last = 0i64;
        for &r in &w.nodes {
            varint(&mut refs, zigzag(r - last));
            last = r;
        }
        let mut way = Vec::new();
        key(&mut way, 1, 0);
        varint(&mut way, w.id as u64);
        bytes_field(&mut way, 2, &keys);
        bytes_field(&mut way, 3, &vals);
        bytes_field(&mut way, 8, &refs);
        bytes_field(&mut group, 3, &way);
    }
    block(&strings, &group)
}

/// A PrimitiveBlock of one group.
fn block(strings: &[String], group: &[u8]) -> Vec<u8> {
    let mut table = Vec::new();
    for s in strings {
        bytes_field(&mut table, 1, s.as_bytes());
    }
    let mut block = Vec::new();
    bytes_field(&mut block, 1, &table);
    bytes_field(&mut block, 2, group);
    block
}

/// A blob of `kind` with `data` (zlib-compressed or raw), behind its length and header.
fn blob(out: &mut Vec<u8>, kind: &str, data: &[u8], zlib: bool) {
    let mut blob = Vec::new();
    if zlib {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).expect("writing to memory cannot fail");
        let zlib = z.finish().expect("writing to memory cannot fail");
        key(&mut blob, 2, 0);
        varint(&mut blob, data.len() as u64);
        bytes_field(&mut blob, 3, &zlib);
    } else {
        bytes_field(&mut blob, 1, data);
    }
    let mut header = Vec::new();
    bytes_field(&mut header, 1, kind.as_bytes());
    key(&mut header, 3, 0);
    varint(&mut header, blob.len() as u64);
    out.extend_from_slice(&(header.len() as u32).to_be_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&blob);
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn key(out: &mut Vec<u8>, field: u64, wire: u64) {
    varint(out, (field << 3) | wire);
}

fn bytes_field(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    key(out, field, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}
