//! Adapters of the text-analysis commands: `oewg terms`, and the options of `oewg rank` for the
//! keyword matrix (`--queries FILE`) and the trend chart (`--plot FILE.svg`). Reads the queries file and writes the chart; the
//! ranking itself is the library's.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::commands::{namibia_hint, open_index, print, rank_request, raw_filters};
use super::{Cli, RankArgs, RankBy, TermsArgs, found};
use oewg::output::plot::{Chart, Series};
use oewg::query::matrix::{self, Matrix};
use oewg::query::rank::{RankResults, Rows};
use oewg::query::terms::{self, Side, TermsRequest};
use oewg::query::{self, Filters};
use oewg::taxonomy::{FacetField, Taxonomy};

/// `oewg rank --queries FILE`.
pub fn matrix_cmd(
    cli: &Cli,
    args: &RankArgs,
    file: &Path,
    taxonomy: &Taxonomy,
) -> Result<ExitCode> {
    let (name, text) = if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("reading queries from stdin")?;
        ("stdin".to_string(), text)
    } else {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("reading queries file {}", file.display()))?;
        (file.display().to_string(), text)
    };
    let numbered = matrix::parse_queries(&text);
    if numbered.is_empty() {
        bail!("no query in {name}: write one query a line (`#` starts a comment)");
    }
    for (line, q) in &numbered {
        query::parse::parse(q).with_context(|| format!("{name} line {line}"))?;
    }
    check_plot(args)?;
    let queries: Vec<String> = numbered.into_iter().map(|(_, q)| q).collect();
    let filters = Filters::resolve(&raw_filters(&args.filters), taxonomy)?;
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let request = rank_request(args, String::new(), filters);
    let (matrix, _) = matrix::matrix(&handle, taxonomy, &queries, &request)?;
    print(cli, args.format, taxonomy, &matrix)?;
    if let Some(path) = &args.plot {
        plot(cli, path, matrix_chart(&matrix))?;
    }
    if !matrix.found() {
        namibia_hint(cli, &args.filters);
    }
    Ok(found(matrix.found()))
}

/// `--plot` draws a trend: it needs `--by year`.
pub fn check_plot(args: &RankArgs) -> Result<()> {
    if let Some(path) = &args.plot
        && args.by != RankBy::Year
    {
        bail!("--plot {} draws a trend over years: add --by year", path.display());
    }
    Ok(())
}

/// Writes `chart` as SVG to `path`.
pub fn plot(cli: &Cli, path: &Path, chart: Chart) -> Result<()> {
    std::fs::write(path, chart.svg())
        .with_context(|| format!("writing the chart to {}", path.display()))?;
    if !cli.quiet {
        errln!("oewg: chart written to {}", path.display());
    }
    Ok(())
}

/// doc_share per year of a ranking: one line, or one per side with `--vs`.
pub fn rank_chart(results: &RankResults) -> Chart {
    let (xs, series) = match &results.rows {
        Rows::Rank(rows) => {
            let mut rows: Vec<_> = rows.iter().map(|r| (&r.group, r.doc_share)).collect();
            rows.sort_by(|a, b| year_order(a.0, b.0));
            let series = vec![Series {
                name: results.query.clone(),
                values: rows.iter().map(|r| r.1).collect(),
            }];
            (rows.iter().map(|r| r.0.clone()).collect(), series)
        }
        Rows::Contrast(rows) => {
            let mut rows: Vec<_> = rows.iter().collect();
            rows.sort_by(|a, b| year_order(&a.group, &b.group));
            let side = |name: String, pick: fn(&oewg::query::rank::ContrastRow) -> f64| Series {
                name,
                values: rows.iter().map(|r| pick(r)).collect(),
            };
            let series = vec![
                side(results.query.clone(), |r| r.doc_share_a),
                side(results.vs.clone().unwrap_or_default(), |r| r.doc_share_b),
            ];
            (rows.iter().map(|r| r.group.clone()).collect(), series)
        }
    };
    chart(xs, series)
}

/// doc_share per year of every query of a matrix, one line each (0 for a year a query's
/// ranking has no row for).
pub fn matrix_chart(matrix: &Matrix) -> Chart {
    let years: Vec<String> = matrix.groups().into_iter().map(str::to_string).collect();
    let series = (0..matrix.queries.len())
        .map(|q| Series {
            name: matrix.queries[q].clone(),
            values: years.iter().map(|y| matrix.cell(q, y).map_or(0.0, |r| r.doc_share)).collect(),
        })
        .collect();
    chart(years, series)
}

fn chart(xs: Vec<String>, series: Vec<Series>) -> Chart {
    Chart {
        title: "Share of documents that use the words, per year".into(),
        x_label: "year".into(),
        y_label: "doc_share (% of the year's documents)".into(),
        xs,
        series,
    }
}

/// Years as numbers (shorter first), whatever order `--sort` gave the rows.
fn year_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// `oewg terms`.
pub fn terms_cmd(cli: &Cli, args: &TermsArgs, taxonomy: &Taxonomy) -> Result<ExitCode> {
    let side = |text: &str, option: &str| -> Result<Side> {
        let Some((field, value)) = text.split_once(':').filter(|(_, v)| !v.trim().is_empty())
        else {
            bail!("{option} `{text}`: expected FIELD:VALUE, e.g. state:Russia or year:2024");
        };
        let field =
            FacetField::parse(field.trim()).with_context(|| format!("{option} `{text}`"))?;
        Ok(Side::resolve(text, field, value, taxonomy)?)
    };
    let group = side(&args.group, "--group")?;
    let vs = if args.vs == "rest" { None } else { Some(side(&args.vs, "--vs")?) };
    let filters = Filters::resolve(&raw_filters(&args.filters), taxonomy)?;
    let handle = open_index(cli, &args.auto, taxonomy)?;
    let request =
        TermsRequest { group, vs, filters, limit: args.limit, ngrams: args.ngrams.into() };
    let result = terms::terms(&handle, &request)?;
    print(cli, args.format, taxonomy, &result)?;
    Ok(found(!result.is_empty()))
}
