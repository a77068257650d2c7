//! `gapmap geodata --from DIR [--out geodata/cz]`: rebuilds the national data
//! that gapmap ships, with its own importers, from the official-format files.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The source folder: municipalities.geojson, municipality_points.geojson and raw/*.xlsx.
    #[arg(long)]
    from: PathBuf,
    /// Where the shipped files go; rebuild gapmap afterwards to compile them in.
    #[arg(long, default_value = "geodata/cz")]
    out: PathBuf,
}

pub fn geodata(args: Args) -> anyhow::Result<()> {
    super::usable_out(&args.out)?;
    let outputs = gapmap::national::build(&args.from)?;
    outputs.write(&args.out)?;
    super::print(&super::wrote(&outputs, &args.out))
}
