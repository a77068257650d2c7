//! `sites` and `candidates`: what a siting study chose, and what every candidate would add.

#![allow(
    clippy::indexing_slicing,
    reason = "indices are positions in the study's own lists (units, origins, services, groups, providers, columns), which load builds together and checks once; tables and maps are built per unit and per service of that study"
)]

use polars::prelude::*;

use super::table_err;
use crate::error::Result;
use crate::model::Candidates;
use crate::site::Plan;

/// `sites.csv`: the chosen sites in order of choice, with the objective after each and what
/// each one improves given those before it.
pub fn sites_frame(candidates: &Candidates, plan: &Plan) -> Result<DataFrame> {
    let picks = &plan.chosen;
    let site = |i: usize| &candidates.sites[picks[i].candidate];
    let n = picks.len();
    let columns = vec![
        Column::new("order".into(), (1..=n as u32).collect::<Vec<_>>()),
        Column::new(
            "id".into(),
            (0..n).map(|i| site(i).id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "name".into(),
            (0..n).map(|i| site(i).name.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "lon".into(),
            (0..n)
                .map(|i| site(i).location.map(|p| p.lon()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "lat".into(),
            (0..n)
                .map(|i| site(i).location.map(|p| p.lat()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "value".into(),
            picks.iter().map(|p| p.value).collect::<Vec<_>>(),
        ),
        Column::new(
            "gain".into(),
            picks.iter().map(|p| p.gain).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(n, columns).map_err(table_err("sites"))
}

/// `candidates.csv`: every candidate's gain if it were the only new site, best first, with
/// the objective it would reach, its place among the chosen sites, and the unmet need within
/// its catchment that breaks ties.
pub fn candidates_frame(candidates: &Candidates, plan: &Plan) -> Result<DataFrame> {
    let sites = &candidates.sites;
    let mut rank: Vec<usize> = (0..sites.len()).collect();
    // Candidates equal alone go in the order the search broke ties by.
    let tie = |c: usize| plan.tie_rank.get(c).copied().unwrap_or(c);
    // Gains equal up to rounding tie, as in the search.
    let key = crate::site::search::rounded(&plan.alone);
    rank.sort_by(|&a, &b| key[b].cmp(&key[a]).then(tie(a).cmp(&tie(b))));
    let sign = if plan.siting.objective.maximise() {
        1.0
    } else {
        -1.0
    };
    let order = |c: usize| {
        plan.chosen
            .iter()
            .position(|p| p.candidate == c)
            .map(|i| i as u32 + 1)
    };
    let columns = vec![
        Column::new("rank".into(), (1..=sites.len() as u32).collect::<Vec<_>>()),
        Column::new(
            "id".into(),
            rank.iter()
                .map(|&c| sites[c].id.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "name".into(),
            rank.iter()
                .map(|&c| sites[c].name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "lon".into(),
            rank.iter()
                .map(|&c| sites[c].location.map(|p| p.lon()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "lat".into(),
            rank.iter()
                .map(|&c| sites[c].location.map(|p| p.lat()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "gain_alone".into(),
            rank.iter()
                .map(|&c| plan.alone[c] + 0.0)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "value_alone".into(),
            rank.iter()
                .map(|&c| plan.baseline + sign * plan.alone[c])
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "chosen".into(),
            rank.iter().map(|&c| order(c)).collect::<Vec<_>>(),
        ),
        // What breaks ties: the unmet need today within the candidate's catchment, and the
        // mean distance to it.
        Column::new(
            "unmet_in_reach".into(),
            rank.iter()
                .map(|&c| plan.shortfall.get(c).map(|s| s.unmet))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "unmet_distance".into(),
            rank.iter()
                .map(|&c| plan.shortfall.get(c).and_then(|s| s.distance))
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(sites.len(), columns).map_err(table_err("candidates"))
}
