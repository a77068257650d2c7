//! Small files in the official Czech layouts, written byte by byte or by a writer independent
//! of the readers under test: ČSÚ xlsx (both layouts), RÚIAN SHP + Windows-1250 DBF, RÚIAN
//! address-point CSV, and the MPSV registry JSON.

use proj4rs::proj::Proj;

/// Lon/lat to EPSG:5514 by proj4rs' forward Krovak.
pub fn to_sjtsk(lon: f64, lat: f64) -> (f64, f64) {
    let krovak = Proj::from_proj_string(gapmap::crs::EPSG_5514).unwrap();
    let wgs84 = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs").unwrap();
    let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
    proj4rs::transform::transform(&wgs84, &krovak, &mut p).unwrap();
    (p.0, p.1)
}

/// A closed square ring of `side` degrees from (`lon`, `lat`), in S-JTSK.
pub fn square_sjtsk(lon: f64, lat: f64, side: f64) -> Vec<(f64, f64)> {
    [
        (lon, lat),
        (lon + side, lat),
        (lon + side, lat + side),
        (lon, lat + side),
        (lon, lat),
    ]
    .iter()
    .map(|&(x, y)| to_sjtsk(x, y))
    .collect()
}

/// The fields of RÚIAN's `OBCE_P.dbf` that gapmap reads.
pub const OBCE_FIELDS: [Field<'static>; 3] = [
    Field {
        name: "KOD",
        kind: b'N',
        width: 6,
    },
    Field {
        name: "NAZEV",
        kind: b'C',
        width: 48,
    },
    Field {
        name: "ORP_KOD",
        kind: b'N',
        width: 4,
    },
];

/// One municipality of a ČSÚ workbook: code, name, and people by five-year band (18).
pub struct Row<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub bands: [u32; 18],
}

const FIVE: [&str; 18] = [
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
    "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+",
];

/// A workbook in the ČSÚ layout: `do 999` (five-year bands only) or `nad 1000` (single years
/// 0 … 84 and `85+`, an empty `X` column, then the five-year bands: `85+` twice). Each
/// municipality has rows `celkem`, `muži`, `ženy`; men are the larger half of each band.
pub fn csu_xlsx(sheet: &str, single_years: bool, rows: &[Row<'_>]) -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let header: Vec<String> = ["POH", "ZUJ", "Obec", "Okres", "Kraj", "Celkem"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let first_band = if single_years {
        // Single years as numbers, then 85+, then the separator column.
        header.len() + 85 + 1 + 1
    } else {
        header.len()
    };
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    if single_years {
        for age in 0..85u16 {
            ws.write_number(0, 6 + age, f64::from(age)).unwrap();
        }
        ws.write_string(0, 6 + 85, "85+").unwrap();
        ws.write_string(0, 6 + 86, "X").unwrap();
    }
    for (k, h) in FIVE.iter().enumerate() {
        ws.write_string(0, (first_band + k) as u16, *h).unwrap();
    }
    let mut r = 1u32;
    for row in rows {
        for (sex, part) in [("celkem", 0u8), ("muži", 1), ("ženy", 2)] {
            let bands: Vec<u32> = row
                .bands
                .iter()
                .map(|&n| match part {
                    0 => n,
                    1 => n.div_ceil(2),
                    _ => n / 2,
                })
                .collect();
            ws.write_string(r, 0, sex).unwrap();
            ws.write_string(r, 1, row.code).unwrap();
            ws.write_string(r, 2, row.name).unwrap();
            ws.write_string(r, 3, "Okres").unwrap();
            ws.write_string(r, 4, "Kraj").unwrap();
            ws.write_number(r, 5, f64::from(bands.iter().sum::<u32>()))
                .unwrap();
            if single_years {
                // Spread each five-year band over its years; 85+ stands alone.
                for (k, &n) in bands.iter().enumerate().take(17) {
                    for y in 0..5 {
                        let share = n / 5 + u32::from((y as u32) < n % 5);
                        ws.write_number(r, (6 + 5 * k + y) as u16, f64::from(share))
                            .unwrap();
                    }
                }
                ws.write_number(r, 6 + 85, f64::from(bands[17])).unwrap();
            }
            for (k, &n) in bands.iter().enumerate() {
                ws.write_number(r, (first_band + k) as u16, f64::from(n))
                    .unwrap();
            }
            r += 1;
        }
    }
    book.save_to_buffer().unwrap()
}

/// A field of a DBF: name, type (`C` or `N`) and width.
pub struct Field<'a> {
    pub name: &'a str,
    pub kind: u8,
    pub width: u8,
}

/// A dBase III table with Windows-1250 text (language driver 0xC8), as RÚIAN writes it.
pub fn dbf(fields: &[Field<'_>], records: &[Vec<String>]) -> Vec<u8> {
    let record_len: usize = 1 + fields.iter().map(|f| f.width as usize).sum::<usize>();
    let header_len = 32 + 32 * fields.len() + 1;
    let mut out = vec![0x03, 125, 1, 1];
    out.extend((records.len() as u32).to_le_bytes());
    out.extend((header_len as u16).to_le_bytes());
    out.extend((record_len as u16).to_le_bytes());
    out.extend([0u8; 17]);
    out.push(0xC8); // byte 29: Windows-1250
    out.extend([0u8; 2]);
    for f in fields {
        let mut name = [0u8; 11];
        name[..f.name.len()].copy_from_slice(f.name.as_bytes());
        out.extend(name);
        out.push(f.kind);
        out.extend([0u8; 4]);
        out.push(f.width);
        out.push(0);
        out.extend([0u8; 14]);
    }
    out.push(0x0D);
    for rec in records {
        out.push(b' ');
        for (f, value) in fields.iter().zip(rec) {
            let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(value);
            let w = f.width as usize;
            let mut cell = vec![b' '; w];
            let n = bytes.len().min(w);
            if f.kind == b'N' {
                cell[w - n..].copy_from_slice(&bytes[..n]);
            } else {
                cell[..n].copy_from_slice(&bytes[..n]);
            }
            out.extend(cell);
        }
    }
    out.push(0x1A);
    out
}

/// A ring of a shape: whether it is outer, and its points.
pub type Ring = (bool, Vec<(f64, f64)>);

/// A polygon shapefile (`.shp`): each shape is a list of rings, outer rings first in each
/// polygon. Rings are written clockwise when outer and counter-clockwise when holes, as the
/// format wants, whatever their given orientation.
pub fn shp(shapes: &[Vec<Ring>]) -> Vec<u8> {
    let signed_area = |r: &[(f64, f64)]| -> f64 {
        r.windows(2)
            .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
            .sum::<f64>()
            / 2.0
    };
    let mut records = Vec::new();
    let (mut xmin, mut ymin, mut xmax, mut ymax) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (i, rings) in shapes.iter().enumerate() {
        let mut parts = Vec::new();
        let mut points: Vec<(f64, f64)> = Vec::new();
        for (outer, ring) in rings {
            let mut ring = ring.clone();
            let clockwise = signed_area(&ring) < 0.0;
            if clockwise != *outer {
                ring.reverse();
            }
            parts.push(points.len() as i32);
            points.extend(ring);
        }
        let bx = points
            .iter()
            .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, p| {
                (b.0.min(p.0), b.1.min(p.1), b.2.max(p.0), b.3.max(p.1))
            });
        (xmin, ymin, xmax, ymax) = (
            xmin.min(bx.0),
            ymin.min(bx.1),
            xmax.max(bx.2),
            ymax.max(bx.3),
        );
        let mut content = Vec::new();
        content.extend(5i32.to_le_bytes());
        for v in [bx.0, bx.1, bx.2, bx.3] {
            content.extend(v.to_le_bytes());
        }
        content.extend((parts.len() as i32).to_le_bytes());
        content.extend((points.len() as i32).to_le_bytes());
        for p in &parts {
            content.extend(p.to_le_bytes());
        }
        for (x, y) in &points {
            content.extend(x.to_le_bytes());
            content.extend(y.to_le_bytes());
        }
        records.extend(((i + 1) as i32).to_be_bytes());
        records.extend(((content.len() / 2) as i32).to_be_bytes());
        records.extend(content);
    }
    let mut out = Vec::new();
    out.extend(9994i32.to_be_bytes());
    out.extend([0u8; 20]);
    out.extend((((100 + records.len()) / 2) as i32).to_be_bytes());
    out.extend(1000i32.to_le_bytes());
    out.extend(5i32.to_le_bytes());
    for v in [xmin, ymin, xmax, ymax, 0.0, 0.0, 0.0, 0.0] {
        out.extend(v.to_le_bytes());
    }
    out.extend(records);
    out
}

/// The header of ČÚZK's address-point CSV files.
pub const ADDRESS_HEADER: &str = "Kód ADM;Kód obce;Název obce;Kód MOMC;Název MOMC;Kód MOP;Název MOP;Kód části obce;Název části obce;Kód ulice;Název ulice;Typ SO;Číslo domovní;Číslo orientační;Znak čísla orientačního;PSČ;Souřadnice Y;Souřadnice X;Platí Od";

/// An address-point file in Windows-1250: rows of (code, municipality, name, street, Y, X).
pub fn addresses(rows: &[(u64, &str, &str, &str, f64, f64)]) -> Vec<u8> {
    let mut text = format!("{ADDRESS_HEADER}\r\n");
    for (code, obec, name, street, y, x) in rows {
        text.push_str(&format!(
            "{code};{obec};{name};;;;;1;{name};1;{street};č.p.;1;;;10000;{y:.2};{x:.2};2020-01-01T00:00:00\r\n"
        ));
    }
    encoding_rs::WINDOWS_1250.encode(&text).0.into_owned()
}

/// `init` of ORP 299 into `plan/` from a [`registry_world`]: its registry and address points.
pub const INIT_PLAN: [&str; 10] = [
    "init",
    "plan",
    "--orp",
    "299",
    "--registry",
    "rpss.json",
    "--addresses",
    "adresy",
    "--date",
    "2026-01-01",
];

/// A folder with the registry fixture in the real shape (`tests/data/registry/rpss.json`, passed
/// through `edit`), its codebooks in `ciselniky/`, and the address points of Týn nad Vltavou in
/// `adresy/`: the home's (11111111) and the shelter's secret one (22222222, street `Utajená`,
/// at 14.4301 E, 49.2187 N), which must never be written.
pub fn registry_world(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let fixture = super::root().join("tests/data/registry");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture.join("rpss.json")).unwrap();
    std::fs::write(dir.path().join("rpss.json"), edit(&text)).unwrap();
    std::fs::create_dir(dir.path().join("ciselniky")).unwrap();
    for entry in std::fs::read_dir(fixture.join("ciselniky")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path().join("ciselniky").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::create_dir(dir.path().join("adresy")).unwrap();
    let (x1, y1) = to_sjtsk(14.4262, 49.2241);
    let (x2, y2) = to_sjtsk(14.4301, 49.2187);
    std::fs::write(
        dir.path().join("adresy/20251231_OB_545201_ADR.csv"),
        addresses(&[
            (
                11_111_111,
                "545201",
                "Týn nad Vltavou",
                "Hlinecká",
                -x1,
                -y1,
            ),
            (22_222_222, "545201", "Týn nad Vltavou", "Utajená", -x2, -y2),
        ]),
    )
    .unwrap();
    dir
}
