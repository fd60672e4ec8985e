#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stancegraph::fuzz::dna_table(data));
