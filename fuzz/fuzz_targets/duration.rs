#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stancegraph::fuzz::duration(data));
