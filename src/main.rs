//! The `gangmu` binary: parse the command line and hand over to the library.

fn main() {
    println!("gangmu");
}
