//! Pure analyses: IR in, facts out. Nothing here changes the IR.
pub mod activity;
pub mod calls;
pub mod types;
