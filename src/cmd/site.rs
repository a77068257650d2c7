//! `gapmap site SCENARIO.toml --service ID --count K [--objective coverage|unmet|distance]
//! [--capacity N] [--candidates FILE.csv] [--out DIR] [--threads N] [--quiet]`.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once"
)]

use std::path::PathBuf;

use gapmap::Progress;
use gapmap::load::CandidateSource;
use gapmap::model::Capacity;
use gapmap::site::{Objective, Siting};

use super::UsageError;
use super::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML); its existing providers stay in place.
    scenario: PathBuf,
    /// The service to place new providers of (its id in the scenario).
    #[arg(long)]
    service: String,
    /// How many new sites to choose.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    count: u32,
    /// What the new sites should achieve.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Unmet)]
    objective: ObjectiveArg,
    /// Capacity of each new site in the service's units (beds, places); needed for `unmet`.
    #[arg(long)]
    capacity: Option<f64>,
    /// Candidate sites, `id[,name,lon,lat]` [default: every municipality's representative
    /// point]. With a cost matrix, the ids are destinations in costs.csv.
    #[arg(long)]
    candidates: Option<PathBuf>,
    /// Output folder [default: out/<scenario name>/].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The language of site.html.
    #[arg(long, value_enum, default_value = "cs")]
    lang: super::Lang,
    #[command(flatten)]
    owner: super::Owner,
    #[command(flatten)]
    compute: super::Compute,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ObjectiveArg {
    /// Most need within the catchment of some site (maximal covering).
    Coverage,
    /// Least unmet need, Σ max(0, gap), with new sites of --capacity.
    Unmet,
    /// Least need × distance (or cost) to the nearest site (p-median).
    Distance,
}

/// The objective the arguments ask for, checked.
fn objective(args: &Args) -> Result<Objective, UsageError> {
    match (args.objective, args.capacity) {
        (ObjectiveArg::Unmet, None) => Err(UsageError(
            "--objective unmet needs --capacity N: the beds or places each new site adds".into(),
        )),
        (ObjectiveArg::Unmet, Some(c)) => Capacity::try_from(c)
            .ok()
            .filter(|c| c.get() > 0.0)
            .map(Objective::Unmet)
            .ok_or_else(|| UsageError(format!("invalid --capacity (got {c}): must be > 0"))),
        (_, Some(_)) => Err(UsageError(
            "--capacity applies only to --objective unmet; coverage and distance do not \
             depend on it"
                .into(),
        )),
        (ObjectiveArg::Coverage, None) => Ok(Objective::Coverage),
        (ObjectiveArg::Distance, None) => Ok(Objective::Distance),
    }
}

pub fn site(args: Args) -> anyhow::Result<()> {
    let objective = objective(&args)?;
    let pool = args.compute.pool()?;
    let quiet = args.compute.quiet;
    let bars = Bars::new(quiet);
    let source = match &args.candidates {
        Some(path) => CandidateSource::File(path),
        None => CandidateSource::Units,
    };
    let outcome = pool.install(|| -> anyhow::Result<_> {
        let (scenario, study, candidates) =
            super::load(&args.scenario, Some(source), &bars, quiet)?;
        let Some(candidates) = candidates else {
            return Err(anyhow::anyhow!("no candidate places were loaded"));
        };
        let Some(service) = study.services.iter().position(|s| s.id == args.service) else {
            let ids: Vec<&str> = study.services.iter().map(|s| s.id.as_str()).collect();
            return Err(UsageError(format!(
                "--service {:?} is not a service of {}; it has {}",
                args.service,
                args.scenario.display(),
                ids.join(", ")
            ))
            .into());
        };
        let out = args
            .out
            .clone()
            .unwrap_or_else(|| super::default_out(&study.name));
        let out = args.owner.claim(&out, study.name.as_str())?;
        let siting = Siting {
            service,
            count: args.count as usize,
            objective,
            limits: Default::default(),
        };
        bars.stage("existing providers", study.origins.len() as u64);
        let existing = gapmap::analyse_service(&study, service, &bars);
        let plan = gapmap::site::site(&study, &existing, &candidates, &siting, &bars);
        bars.stage("report", 0);
        let meta = super::report_meta(&args.scenario, &scenario, args.lang)?;
        let outputs = gapmap::report::render_site(&study, &existing, &candidates, &plan, &meta)?;
        out.write(&outputs)?;
        Ok((study, candidates, plan, outputs, out))
    });
    bars.finish();
    let (study, candidates, plan, outputs, out) = outcome?;
    super::print(&(super::wrote(&outputs, out.dir()) + &summary(&study, &candidates, &plan)))
}

/// The terminal summary: the objective before and after, whether it is proved, and the sites.
fn summary(
    study: &gapmap::model::Study,
    candidates: &gapmap::model::Candidates,
    plan: &gapmap::site::Plan,
) -> String {
    let service = &study.services[plan.siting.service];
    let what = match plan.siting.objective {
        Objective::Coverage => "need covered".to_string(),
        Objective::Unmet(c) => format!(
            "unmet need, new sites of {} ({})",
            c.get(),
            service.method.name()
        ),
        Objective::Distance => "need × distance to the nearest site".to_string(),
    };
    let proof = match (plan.optimal, plan.bound) {
        (true, _) => "optimal (proved)".to_string(),
        (false, Some(b)) => format!(
            "best found; the optimum is {} {b:.1}",
            if plan.siting.objective.maximise() {
                "at most"
            } else {
                "at least"
            }
        ),
        (false, None) => "best found; no bound known".to_string(),
    };
    let mut text = format!(
        "{}: {what}, {} of {} candidates\n  before {:>12.1}\n  after  {:>12.1}   {proof}\n",
        service.id,
        plan.chosen.len(),
        candidates.sites.len(),
        super::one_decimal(plan.baseline),
        super::one_decimal(plan.value),
    );
    if let Some((need, cost)) = plan.unreached.filter(|(need, _)| *need > 0.0) {
        text += &format!(
            "  {need:.1} of the need is out of every site's reach; it counts at cost {cost:.1}\n"
        );
    }
    if plan.chosen.len() < plan.siting.count {
        text += &format!(
            "  a site beyond these {} would improve nothing\n",
            plan.chosen.len()
        );
    }
    text += &format!(
        "{:>5}  {:<12} {:<28} {:>12} {:>10}\n",
        "order", "id", "name", "value", "gain"
    );
    for (i, p) in plan.chosen.iter().enumerate() {
        let site = &candidates.sites[p.candidate];
        text += &format!(
            "{:>5}  {:<12} {:<28} {:>12.1} {:>10.1}\n",
            i + 1,
            site.id,
            site.name,
            super::one_decimal(p.value),
            super::one_decimal(p.gain)
        );
    }
    text
}
