//! The statistics of a cohort report: Cronbach's alpha and its bootstrap confidence interval,
//! computed by [`crate::core::stats`] (which the simulated-cohort study shares).

pub use crate::core::stats::{
    ALPHA_MIN_CANDIDATES, AlphaEstimate, BOOTSTRAP_RESAMPLES, alpha_with_interval, cronbach_alpha,
};
