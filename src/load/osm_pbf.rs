//! OpenStreetMap extracts (`.osm.pbf`) for travel on roads: the ways a mode can use and the
//! nodes they pass through, nothing else.
//!
//! Two passes over the file, blocks decoded in parallel (osmpbf, rayon): the first keeps the
//! ways the mode can use (their node ids and how the mode uses them) and notes which blocks
//! hold nodes; the second reads only those blocks and keeps only the nodes the ways name. A
//! national extract holds ~100 M nodes, of which the roads use a small part, so no pass ever
//! holds them all. Blocks are put back in file order before anything is combined, so the
//! result does not depend on the threads.

#![allow(
    clippy::indexing_slicing,
    reason = "node numbers come from the sorted id list this reader builds, and way lengths from the same ways"
)]

use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use osmpbf::{BlobDecode, BlobReader, PrimitiveBlock};
use rayon::prelude::*;

use crate::error::{InputError, Result};
use crate::model::LonLat;
use crate::roads::Ways;
use crate::roads::profile::{Mode, Road};

/// Reads the ways `mode` can use from the extract at `path`.
pub fn read(path: &Path, mode: Mode) -> Result<Ways> {
    let open = || {
        std::fs::File::open(path)
            .map(|f| BufReader::with_capacity(1 << 20, f))
            .map_err(|e| InputError::file(path, format!("cannot read: {e}")))
    };
    // Fail early, with the usual message, on a file that is not there.
    open()?;
    ways(path, mode, || Ok(open()?))
}

/// As [`read`], from the file's bytes; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8], mode: Mode) -> Result<Ways> {
    ways(path, mode, || Ok(Cursor::new(bytes)))
}

/// What one block gave, with its place in the file.
type Numbered<T> = (usize, std::result::Result<T, osmpbf::Error>);

/// The ways of one block: per way its road and its node ids.
#[derive(Default)]
struct BlockWays {
    roads: Vec<Road>,
    lengths: Vec<u32>,
    ids: Vec<i64>,
    has_nodes: bool,
    header: bool,
}

fn ways<R: Read + Send>(path: &Path, mode: Mode, open: impl Fn() -> Result<R>) -> Result<Ways> {
    let bad = |e: osmpbf::Error| {
        InputError::file(path, format!("not a readable OpenStreetMap PBF file: {e}"))
    };

    // Pass 1: the ways.
    let mut blocks: Vec<Numbered<BlockWays>> = BlobReader::new(open()?)
        .enumerate()
        .par_bridge()
        .map(|(i, blob)| {
            let block = blob.and_then(|blob| match blob.decode()? {
                BlobDecode::OsmHeader(header) => {
                    // Only what gapmap reads may be required: a file that needs more
                    // (history, changes) would be misread.
                    let unknown = header
                        .required_features()
                        .iter()
                        .find(|f| !matches!(f.as_str(), "OsmSchema-V0.6" | "DenseNodes"));
                    match unknown {
                        Some(f) => Err(osmpbf::Error::from(std::io::Error::other(format!(
                            "it requires the feature {f:?}, which gapmap does not read"
                        )))),
                        None => Ok(BlockWays {
                            header: true,
                            ..BlockWays::default()
                        }),
                    }
                }
                BlobDecode::OsmData(block) => Ok(block_ways(&block, mode)),
                BlobDecode::Unknown(_) => Ok(BlockWays::default()),
            });
            (i, block)
        })
        .collect();
    blocks.sort_unstable_by_key(|(i, _)| *i);
    let mut has_nodes = Vec::with_capacity(blocks.len());
    let mut roads = Vec::new();
    let mut lengths = Vec::new();
    let mut ids = Vec::new();
    let mut header = false;
    for (_, block) in blocks {
        let block = block.map_err(bad)?;
        header |= block.header;
        has_nodes.push(block.has_nodes);
        roads.extend(block.roads);
        lengths.extend(block.lengths);
        ids.extend(block.ids);
    }
    if !header {
        return Err(InputError::file(
            path,
            "not an OpenStreetMap PBF file: it has no OSMHeader block",
        )
        .into());
    }
    if roads.is_empty() {
        return Err(InputError::file(path, no_road(mode)).into());
    }

    // The nodes the ways name, by ascending id.
    let mut wanted = ids.clone();
    wanted.par_sort_unstable();
    wanted.dedup();

    // Pass 2: only the blocks with nodes, and only the wanted nodes.
    let mut found: Vec<Numbered<Vec<(u32, f64, f64)>>> = BlobReader::new(open()?)
        .enumerate()
        .filter(|(i, _)| has_nodes.get(*i).copied().unwrap_or(false))
        .par_bridge()
        .map(|(i, blob)| {
            let nodes = blob.and_then(|blob| match blob.decode()? {
                BlobDecode::OsmData(block) => Ok(block_nodes(&block, &wanted)),
                _ => Ok(Vec::new()),
            });
            (i, nodes)
        })
        .collect();
    found.sort_unstable_by_key(|(i, _)| *i);
    let mut nodes = vec![None; wanted.len()];
    for (_, block) in found {
        for (k, lon, lat) in block.map_err(bad)? {
            // The boundary: a corrupt file's coordinates are refused here, as no position.
            let Ok(at) = LonLat::new(lon, lat) else {
                return Err(InputError::file(
                    path,
                    format!(
                        "node {} has coordinates out of range ({lon}, {lat})",
                        wanted[k as usize]
                    ),
                )
                .into());
            };
            nodes[k as usize] = Some(at);
        }
    }

    // Ways as node numbers. An extract cut at its border names nodes it does not hold: a way
    // is split there, and a piece of fewer than two nodes is dropped.
    let mut out = Ways {
        start: vec![0],
        ..Ways::default()
    };
    let mut start = 0usize;
    let mut piece: Vec<u32> = Vec::new();
    for (road, &len) in roads.iter().zip(&lengths) {
        let way = &ids[start..start + len as usize];
        start += len as usize;
        for id in way.iter().map(Some).chain([None]) {
            let k = id.and_then(|id| wanted.binary_search(id).ok());
            match k.filter(|&k| nodes[k].is_some()) {
                Some(k) => piece.push(k as u32),
                None => {
                    if piece.len() >= 2 {
                        out.refs.extend_from_slice(&piece);
                        out.start.push(out.refs.len());
                        out.roads.push(*road);
                    }
                    piece.clear();
                }
            }
        }
    }
    if out.roads.is_empty() {
        return Err(InputError::file(
            path,
            format!("{}; its ways name no node the file holds", no_road(mode)),
        )
        .into());
    }
    // Keep only the nodes the ways use, numbered in id order.
    let mut number = vec![u32::MAX; nodes.len()];
    for &k in &out.refs {
        number[k as usize] = 0;
    }
    for (k, at) in nodes.iter().enumerate() {
        // Only nodes the file holds are referenced: a road keeps a node only when it has one.
        if let (0, Some(at)) = (number[k], at) {
            number[k] = out.nodes.len() as u32;
            out.nodes.push(*at);
        }
    }
    for k in &mut out.refs {
        *k = number[*k as usize];
    }
    Ok(out)
}

fn no_road(mode: Mode) -> String {
    match mode {
        Mode::Car => "no road a car can use: no way with a car's `highway` value (motorway … \
                      service) that is open to cars"
            .into(),
        Mode::Walk => "no way to walk on: no `highway` way open on foot".into(),
    }
}

fn block_ways(block: &PrimitiveBlock, mode: Mode) -> BlockWays {
    let mut out = BlockWays::default();
    for group in block.groups() {
        out.has_nodes |= group.nodes().len() > 0 || group.dense_nodes().len() > 0;
        for way in group.ways() {
            let Some(road) = mode.way(way.tags()) else {
                continue;
            };
            let before = out.ids.len();
            out.ids.extend(way.refs());
            let len = out.ids.len() - before;
            if len < 2 || len > u32::MAX as usize {
                out.ids.truncate(before);
                continue;
            }
            out.roads.push(road);
            out.lengths.push(len as u32);
        }
    }
    out
}

/// The wanted nodes of a block: their number among the wanted, and their degrees, unchecked.
fn block_nodes(block: &PrimitiveBlock, wanted: &[i64]) -> Vec<(u32, f64, f64)> {
    let mut out = Vec::new();
    // Nanodegrees divided once (osmpbf's `lat()` multiplies by 1e-9, which adds float noise).
    let mut keep = |id: i64, lon: i64, lat: i64| {
        if let Ok(k) = wanted.binary_search(&id) {
            out.push((k as u32, lon as f64 / 1e9, lat as f64 / 1e9));
        }
    };
    for group in block.groups() {
        for n in group.dense_nodes() {
            keep(n.id(), n.nano_lon(), n.nano_lat());
        }
        for n in group.nodes() {
            keep(n.id(), n.nano_lon(), n.nano_lat());
        }
    }
    out
}
