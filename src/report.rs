//! A report a person would rather look at than read: an HTML page with the metrics tables, the
//! confusion matrices and the reliability diagrams drawn as inline SVG.
use crate::error::{Error, Result};
use crate::eval::Evaluation;
use crate::model::metrics::Report;
use std::fmt::Write as _;
use std::path::Path;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The confusion matrix as an SVG heat map (rows gold, columns predicted).
pub fn confusion_svg(r: &Report) -> String {
    let labels: Vec<&str> = r.per_label.iter().map(|l| l.label.as_str()).collect();
    let k = labels.len();
    let cell = 70.0;
    let (left, top) = (90.0, 40.0);
    let w = left + cell * k as f64 + 20.0;
    let h = top + cell * k as f64 + 40.0;
    let max = r
        .confusion
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="13">"#
    );
    let _ = write!(
        s,
        r#"<text x="{}" y="15" text-anchor="middle">predicted</text>"#,
        left + cell * k as f64 / 2.0
    );
    for (j, l) in labels.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            left + cell * (j as f64 + 0.5),
            top - 8.0,
            esc(l)
        );
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 8.0,
            top + cell * (j as f64 + 0.5) + 4.0,
            esc(l)
        );
    }
    for (i, row) in r.confusion.iter().enumerate() {
        for (j, &n) in row.iter().enumerate() {
            let t = n as f64 / max;
            let shade = (255.0 - 200.0 * t) as u8;
            let (x, y) = (left + cell * j as f64, top + cell * i as f64);
            let _ = write!(
                s,
                r#"<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="rgb({shade},{shade},255)" stroke="white"/><text x="{}" y="{}" text-anchor="middle" fill="{}">{n}</text>"#,
                x + cell / 2.0,
                y + cell / 2.0 + 5.0,
                if t > 0.6 { "white" } else { "black" }
            );
        }
    }
    let _ = write!(
        s,
        r#"<text x="14" y="{}" transform="rotate(-90 14 {})" text-anchor="middle">gold</text>"#,
        top + cell * k as f64 / 2.0,
        top + cell * k as f64 / 2.0
    );
    s.push_str("</svg>");
    s
}

/// The reliability diagram as SVG: accuracy against mean confidence per bin, with the diagonal.
pub fn reliability_svg(r: &Report) -> String {
    let (size, pad) = (260.0, 40.0);
    let px = |v: f64| pad + v * size;
    let py = |v: f64| pad + (1.0 - v) * size;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="12">"#,
        size + 2.0 * pad,
        size + 2.0 * pad
    );
    let _ = write!(
        s,
        r##"<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="#999"/>"##
    );
    let _ = write!(
        s,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#bbb" stroke-dasharray="4"/>"##,
        px(0.0),
        py(0.0),
        px(1.0),
        py(1.0)
    );
    let bw = size / r.reliability.len().max(1) as f64;
    for b in r.reliability.iter().filter(|b| b.count > 0) {
        let _ = write!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#4c78a8" opacity="0.8"><title>{:.1}–{:.1}: n={} confidence {:.3} accuracy {:.3}</title></rect>"##,
            px(b.lo) + 1.0,
            py(b.accuracy),
            bw - 2.0,
            size * b.accuracy,
            b.lo,
            b.hi,
            b.count,
            b.confidence,
            b.accuracy
        );
        let _ = write!(
            s,
            r##"<circle cx="{}" cy="{}" r="3" fill="#e45756"/>"##,
            px(b.confidence),
            py(b.confidence)
        );
    }
    let _ = write!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">top probability</text>"#,
        pad + size / 2.0,
        size + 2.0 * pad - 8.0
    );
    let _ = write!(
        s,
        r#"<text x="12" y="{}" transform="rotate(-90 12 {})" text-anchor="middle">accuracy</text>"#,
        pad + size / 2.0,
        pad + size / 2.0
    );
    s.push_str("</svg>");
    s
}

fn report_section(out: &mut String, title: &str, r: &Report) {
    let _ = write!(
        out,
        "<h2>{}</h2><p>n = {} · macro-F1 <b>{:.3}</b>",
        esc(title),
        r.n,
        r.macro_f1
    );
    if let Some(f) = r.f_avg {
        let _ = write!(out, " · F<sub>avg</sub> <b>{f:.3}</b>");
    }
    let _ = write!(
        out,
        " · accuracy {:.3} · expected calibration error {:.3}</p>",
        r.accuracy, r.ece
    );
    out.push_str("<table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
    for l in &r.per_label {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>",
            esc(&l.label),
            l.precision,
            l.recall,
            l.f1,
            l.support
        );
    }
    out.push_str("</table><div class=figs><figure>");
    out.push_str(&confusion_svg(r));
    out.push_str(
        "<figcaption>confusion matrix (rows gold, columns predicted)</figcaption></figure><figure>",
    );
    out.push_str(&reliability_svg(r));
    out.push_str("<figcaption>reliability: bars are accuracy per confidence bin, dots the bin's mean confidence; a calibrated model's bars reach its dots</figcaption></figure></div>");
}

/// Writes `index.html` (and the figures as separate `.svg` files) into `dir`.
pub fn write_report(dir: &Path, title: &str, e: &Evaluation) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut html = format!(
        "<!doctype html><meta charset=utf-8><title>{t}</title><style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}.figs{{display:flex;gap:2em}}figcaption{{font-size:12px;max-width:320px}}</style><h1>{t}</h1>",
        t = esc(title)
    );
    let mut figures: Vec<(String, &Report)> = Vec::new();
    match e {
        Evaluation::Quotes(q) => {
            let _ = write!(html, "<p>{} labelled quotes</p>", q.quotes);
            report_section(&mut html, "stance", &q.stance);
            figures.push(("stance".into(), &q.stance));
            if let Some(s) = &q.sentiment {
                report_section(&mut html, "sentiment", s);
                figures.push(("sentiment".into(), s));
            }
        }
        Evaluation::Articles(a) => {
            html.push_str("<h2>articles</h2><table><tr><th>task</th><th>precision</th><th>recall</th><th>F1</th><th>gold</th><th>predicted</th><th>matched</th></tr>");
            for (n, p) in [
                ("quotes", &a.quotes),
                ("targets", &a.targets),
                ("end to end", &a.end_to_end),
            ] {
                let _ = write!(
                    html,
                    "<tr><td>{n}</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    p.precision, p.recall, p.f1, p.gold, p.predicted, p.matched
                );
            }
            let _ = write!(
                html,
                "</table><p>speaker accuracy {:.3} · speaker country accuracy {:.3}</p>",
                a.speaker_accuracy, a.speaker_country_accuracy
            );
            if let Some(s) = &a.stance {
                report_section(&mut html, "stance on matched gold pairs", s);
                figures.push(("stance".into(), s));
            }
        }
    }
    for (name, r) in figures {
        for (kind, svg) in [
            ("confusion", confusion_svg(r)),
            ("reliability", reliability_svg(r)),
        ] {
            let p = dir.join(format!("{name}-{kind}.svg"));
            std::fs::write(&p, svg).map_err(|e| Error::io(&p, e))?;
        }
    }
    let p = dir.join("index.html");
    std::fs::write(&p, html).map_err(|e| Error::io(&p, e))
}
