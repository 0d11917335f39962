//! The permission catalogue and predefined roles the fake serves: the
//! provider's own (`api::predefined`), so that the fake and the provider
//! functions that name predefined roles never disagree.

pub use crate::api::predefined::*;
