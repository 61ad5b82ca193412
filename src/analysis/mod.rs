//! Pure analyses: IR in, facts out. Nothing here changes the IR.
pub mod activity;
pub mod calls;
pub mod cfg;
pub mod overwritten;
pub mod types;
