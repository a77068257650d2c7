//! gapmap's integration tests, one crate so that the binary and polars are linked once: each
//! module is a topic, and `common` holds what they share (running the binary on files written
//! to a temporary folder, official-format writers, workbooks read back).
//!
//! `cargo test` runs them all; `cargo test --test it site::` runs one topic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test, and a helper of tests, stops at the first failure"
)]

mod common;

mod architecture;
mod bad_input;
mod browser;
mod cases;
mod catalogue;
mod compare;
mod context;
mod explorer_browser;
mod formats;
mod gdal;
mod horizon;
mod importers;
mod init;
mod init_bad_input;
mod invariants;
mod monitor;
mod outputs;
mod profile;
mod properties;
mod questionnaire;
mod readers_fuzz;
mod readme;
mod registry;
mod report;
mod roads;
mod scenarios;
mod serve;
mod site;
mod sjtsk;
mod transit;
mod transit_real;
mod workbook;
