//! Popcounts over the common neighbours of two nodes' bitsets, compiled for the
//! CPU's fastest instructions.

/// Popcounts over common neighbours: [all, both positive, signs differ], given the
/// neighbour bitsets `au`, `av` and positive-neighbour bitsets `pu`, `pv` of two nodes.
#[inline(always)]
fn popcounts_portable(au: &[u64], av: &[u64], pu: &[u64], pv: &[u64]) -> [u64; 3] {
    let (mut total, mut both_pos, mut differ) = (0u64, 0u64, 0u64);
    for (((a, b), x), y) in au.iter().zip(av).zip(pu).zip(pv) {
        let common = a & b;
        total += common.count_ones() as u64;
        both_pos += (common & x & y).count_ones() as u64;
        differ += (common & (x ^ y)).count_ones() as u64;
    }
    [total, both_pos, differ]
}

/// The same, compiled with the CPU's popcount and AVX2 instructions.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,avx2")]
fn popcounts_avx2(au: &[u64], av: &[u64], pu: &[u64], pv: &[u64]) -> [u64; 3] {
    popcounts_portable(au, av, pu, pv)
}

/// The same, compiled with the CPU's popcount instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn popcounts_popcnt(au: &[u64], av: &[u64], pu: &[u64], pv: &[u64]) -> [u64; 3] {
    popcounts_portable(au, av, pu, pv)
}

/// [`popcounts_portable`] with the fastest instructions the CPU has (detected once and
/// cached by the standard library).
pub(super) fn popcounts(au: &[u64], av: &[u64], pu: &[u64], pv: &[u64]) -> [u64; 3] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU has the features the function is compiled for.
            return unsafe { popcounts_avx2(au, av, pu, pv) };
        }
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU has the feature the function is compiled for.
            return unsafe { popcounts_popcnt(au, av, pu, pv) };
        }
    }
    popcounts_portable(au, av, pu, pv)
}
