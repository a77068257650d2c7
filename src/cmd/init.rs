//! `gapmap init DIR (--orp CODE_OR_NAME | --municipalities CODE[,CODE...]) [--buffer KM]
//! [--name NAME] [--population FILE ...] [--boundaries FILE] [--registry rpss.json]
//! [--addresses PATH ...] [--date YYYY-MM-DD] [--codebooks DIR]`.

use std::path::PathBuf;

use gapmap::init::{Config, Day, Selection};
use gapmap::report::number::english;

use super::UsageError;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("region").required(true).args(["orp", "municipalities"])))]
pub struct Args {
    /// The planning folder to write; it must not exist, or be empty.
    dir: PathBuf,
    /// The ORP, by its RÚIAN code (299) or its name ("Týn nad Vltavou", any case).
    #[arg(long)]
    orp: Option<String>,
    /// Any union of municipalities, by 6-digit code or by name (any case, with or without
    /// diacritics): 507440,507741 or "Bolatice,Chuchelná".
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    municipalities: Vec<String>,
    /// Also bring in, as context, every municipality within KM of the region's border.
    #[arg(long, value_name = "KM", allow_negative_numbers = true)]
    buffer: Option<f64>,
    /// The region's name, which titles the reports ("Hlučínsko-západ") [default: the ORP's
    /// name, or the union's municipalities]. The scenario's name is DIR's own name.
    #[arg(long)]
    name: Option<String>,
    /// ČSÚ age-structure xlsx (either layout) or population CSVs [default: shipped 2020 data].
    #[arg(long, num_args = 1..)]
    population: Vec<PathBuf>,
    /// RÚIAN OBCE_P.shp (with its .dbf) or a GeoJSON of municipality polygons.
    #[arg(long)]
    boundaries: Option<PathBuf>,
    /// The MPSV registry of social services, rpss.json.
    #[arg(long)]
    registry: Option<PathBuf>,
    /// MPSV's codebooks (cilove-skupiny-osoby.json, vekove-skupiny-osoby.json,
    /// druhy-socialni-sluzby.json), which name the registry's groups and types.
    #[arg(long, value_name = "DIR")]
    codebooks: Option<PathBuf>,
    /// RÚIAN address-point CSV files, or folders of them.
    #[arg(long, num_args = 1..)]
    addresses: Vec<PathBuf>,
    /// The day the registry is read for [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

#[allow(
    clippy::print_stderr,
    reason = "notes for the user go to stderr, beside progress"
)]
pub fn init(args: Args) -> anyhow::Result<()> {
    super::usable_out(&args.dir)?;
    let not_empty = std::fs::read_dir(&args.dir).is_ok_and(|mut d| d.next().is_some());
    if not_empty {
        return Err(UsageError(format!(
            "{}: exists and is not empty; init writes a new planning folder, so name a new \
             or empty folder",
            args.dir.display()
        ))
        .into());
    }
    if let Some(km) = args.buffer
        && !(km.is_finite() && km >= 0.0)
    {
        return Err(UsageError(format!("--buffer {km}: must be a distance in km ≥ 0")).into());
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let today = Day::from_unix(seconds);
    let date = match &args.date {
        None => today.clone(),
        Some(d) => Day::try_from(d.as_str()).map_err(|e| UsageError(format!("--date: {e}")))?,
    };
    let selection = match args.orp {
        Some(orp) => Selection::Orp(orp),
        None => Selection::Municipalities(args.municipalities),
    };
    // The scenario is named after its folder, so that two plans of one region (with and
    // without the registry) write to different out/<name>/ folders.
    let name = std::path::absolute(&args.dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .map(|n| gapmap::names::slug(&n))
        .filter(|n| n != "region");
    let config = Config {
        selection,
        buffer_km: args.buffer,
        name,
        title: args.name,
        population: args.population,
        boundaries: args.boundaries,
        registry: args.registry,
        codebooks: args.codebooks,
        addresses: args.addresses,
        date,
        today,
    };
    let national = gapmap::national::shipped()?;
    let folder = gapmap::init::init(&config, &national)?;
    for note in &folder.notes {
        eprintln!("gapmap: note: {note}");
    }
    folder.outputs.write(&args.dir)?;
    let mut text = super::wrote(&folder.outputs, &args.dir);
    let people = gapmap::init::template::thousands(folder.people);
    text += &format!(
        "{}: {}, {people} people; {}; {}\n",
        folder.title,
        english(folder.region, "municipality", "municipalities"),
        english(
            folder.context,
            "context municipality",
            "context municipalities"
        ),
        english(folder.providers, "provider", "providers")
    );
    text += &format!(
        "next: check the ASSUMPTION comments in {}, then\n  gapmap run {}\n",
        args.dir.join("scenario.toml").display(),
        args.dir.join("scenario.toml").display()
    );
    super::print(&text)
}
