//! Prints the format, title and speakers of files (a debugging aid).
//! Run: `cargo run --example dump FILE...`
fn main() {
    for arg in std::env::args().skip(1) {
        match chancery::parse_file(&arg) {
            Ok(t) => {
                println!(
                    "{arg}\n  {} | {} | {:?} | {:?} | {:?}",
                    t.source.format, t.kind, t.date, t.location, t.title
                );
                for p in &t.participants {
                    println!(
                        "    {:?} {:?} {:?} {:?} {:?} x{}",
                        p.name, p.role, p.affiliation, p.kind, p.labels, p.turns
                    );
                }
            }
            Err(e) => println!("{arg}: {e}"),
        }
    }
}
