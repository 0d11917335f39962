//! The newest supported CLI (Terraform 1.15.5, scripts/terraform-newest)
//! runs this provider: the harness the tests of 1.12+ features build on.

use crate::support::Workspace;

#[test]
fn newest_cli_applies_plans_empty_and_destroys() {
    let ws = Workspace::new().on_newest_cli();
    assert_eq!(ws.cli_version(), "Terraform v1.15.5");
    ws.write("resource \"openai_project\" \"gamma\" {\n  name = \"Gamma\"\n}\n");
    ws.apply();
    ws.assert_plan_empty();
    let id = ws.state_of("openai_project.gamma")["id"]
        .as_str()
        .expect("an id in state")
        .to_owned();
    assert!(
        ws.handle()
            .projects()
            .iter()
            .any(|p| p.id == id && p.status == "active")
    );
    ws.destroy();
    assert!(
        ws.handle()
            .projects()
            .iter()
            .any(|p| p.id == id && p.status == "archived")
    );
}
