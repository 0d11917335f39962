//! The declared types at the store level: the machinery (declarations,
//! ids, parents, fixture entries, dump) and each type's rules.

use serde_json::{Value, json};

use super::admin_api_keys::ADMIN_API_KEYS;
use super::invites::INVITES;
use super::project_api_keys::PROJECT_API_KEYS;
use super::service_accounts::SERVICE_ACCOUNTS;
use super::*;
use crate::fake::fixture::Fixture;
use crate::fake::query::QueryPairs;
use crate::fake::store::{Principal, Rules, Scope};

fn store() -> Store {
    Store::new(Rules::default())
}

fn code(err: &ApiError) -> (u16, Option<&str>, Option<&str>) {
    (err.status, err.code.as_deref(), err.param.as_deref())
}

fn invite(s: &mut Store, body: Value) -> Result<Value, ApiError> {
    s.collection_create(&INVITES, None, &body)
}

fn account(s: &mut Store, project: &str, body: Value) -> Value {
    s.collection_create(&SERVICE_ACCOUNTS, Some(project), &body)
        .unwrap()
}

fn ids(objects: &[Value]) -> Vec<&str> {
    objects.iter().map(|o| o["id"].as_str().unwrap()).collect()
}

fn list(s: &Store, decl: &Declaration, parent: Option<&str>) -> Vec<Value> {
    s.collection_list(decl, parent, &QueryPairs::default())
        .unwrap()
}

// ----- the machinery ----------------------------------------------------

#[test]
fn declarations_are_consistent() {
    let mut names = std::collections::BTreeSet::new();
    for decl in DECLARATIONS {
        assert!(names.insert(decl.name), "{} declared twice", decl.name);
        assert_eq!(
            decl.item_path,
            format!("{}/{{{}}}", decl.path, decl.item_param),
            "{}",
            decl.name
        );
        assert!(decl.path.starts_with("/v1/organization/"), "{}", decl.name);
        assert_eq!(
            decl.parent.param().is_some(),
            decl.path.contains("{project_id}"),
            "{}: the parent is what the path names",
            decl.name
        );
        assert!(declaration(decl.name).is_some());
    }
    assert!(declaration("nope").is_none());
}

#[test]
fn ids_have_the_real_shapes_and_are_fresh() {
    let mut s = store();
    let a = invite(
        &mut s,
        json!({"email": "gil@example.com", "role": "reader"}),
    )
    .unwrap();
    let b = invite(
        &mut s,
        json!({"email": "hal@example.com", "role": "reader"}),
    )
    .unwrap();
    let svc = account(&mut s, "proj_alpha", json!({"name": "ci"}));
    for (id, prefix) in [
        (&a["id"], "invite-"),
        (&b["id"], "invite-"),
        (&svc["id"], "svc_acct_"),
        (&svc["api_key"]["id"], "key_"),
    ] {
        let id = id.as_str().unwrap();
        let rest = id.strip_prefix(prefix).unwrap_or_else(|| panic!("{id}"));
        assert!(
            rest.len() == 24 && rest.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{id}"
        );
    }
    assert_ne!(a["id"], b["id"]);
}

#[test]
fn parents_come_from_the_path() {
    let mut s = store();
    let svc = account(&mut s, "proj_alpha", json!({"name": "ci"}));
    let id = svc["id"].as_str().unwrap();
    assert!(
        s.collection_get(&SERVICE_ACCOUNTS, Some("proj_alpha"), id)
            .is_ok()
    );
    let err = s
        .collection_get(&SERVICE_ACCOUNTS, Some("proj_beta"), id)
        .unwrap_err();
    assert_eq!(
        code(&err),
        (
            404,
            Some("service_account_not_found"),
            Some("service_account_id")
        )
    );
    let err = s
        .collection_get(&SERVICE_ACCOUNTS, Some("proj_nope"), id)
        .unwrap_err();
    assert_eq!(code(&err).1, Some("project_not_found"));
    // Archived projects answer reads and refuse writes.
    assert!(list(&s, &SERVICE_ACCOUNTS, Some("proj_legacy")).is_empty());
    let err = s
        .collection_create(
            &SERVICE_ACCOUNTS,
            Some("proj_legacy"),
            &json!({"name": "x"}),
        )
        .unwrap_err();
    assert_eq!(code(&err).1, Some("project_archived"));
}

#[test]
fn the_dump_and_the_fixture_hold_every_collection() {
    let mut s = store();
    account(&mut s, "proj_beta", json!({"name": "ci"}));
    let dump = s.dump();
    let mut names: Vec<&str> = DECLARATIONS.iter().map(|d| d.name).collect();
    names.sort();
    assert_eq!(dump.collections.keys().collect::<Vec<_>>(), names);
    let accounts = &dump.collections["service_accounts"];
    assert_eq!(accounts.len(), 2, "the fixture's and the new one");
    assert_eq!(accounts[1]["project_id"], "proj_beta");
    assert_eq!(accounts[0]["id"], "svc_acct_fixtureDeployBot0000000");
    // No key value in the dump, only redacted ones.
    let text = serde_json::to_string(&dump).unwrap();
    for key in s.collections.issued() {
        assert!(!text.contains(&key.value), "{text}");
    }
    // A reset goes back to the fixture and keeps the record of issued keys.
    s.reset();
    assert_eq!(s.dump().collections["service_accounts"].len(), 1);
    assert_eq!(s.collections.issued().len(), 1);
}

#[test]
fn fixture_collections_are_checked_and_loaded() {
    let with = |collections: Value| {
        let mut f = Fixture::builtin();
        f.collections = serde_json::from_value(collections).unwrap();
        f
    };
    let cases = [
        (
            json!({"widgets": []}),
            "collections.widgets: no such collection",
        ),
        (
            json!({"invites": [{"email": "x@example.com"}]}),
            "collections.invites[0].id: a non-empty string is required",
        ),
        (
            json!({"service_accounts": [{"id": "svc_acct_1"}]}),
            "collections.service_accounts[0].project_id: a non-empty string is required",
        ),
        (
            json!({"service_accounts": [{"id": "svc_acct_1", "project_id": "proj_nope"}]}),
            "collections.service_accounts[0].project_id: no project \"proj_nope\"",
        ),
        (
            json!({"invites": [{"id": "invite-1"}, {"id": "invite-1"}]}),
            "collections.invites[1].id: \"invite-1\" appears twice",
        ),
    ];
    for (collections, expected) in cases {
        let err = with(collections).validate().unwrap_err();
        assert!(err.starts_with(expected), "{err}");
    }
    let f = with(json!({"service_accounts": [
        {"object": "organization.project.service_account", "id": "svc_acct_kept",
         "project_id": "proj_beta", "name": "kept", "role": "member", "created_at": 5}
    ]}));
    let s = Store::with_fixture(Rules::default(), std::sync::Arc::new(f)).unwrap();
    let kept = list(&s, &SERVICE_ACCOUNTS, Some("proj_beta"));
    assert_eq!(ids(&kept), ["svc_acct_kept"]);
    assert!(
        kept[0].get("project_id").is_none(),
        "the parent is not served"
    );
    assert!(list(&s, &INVITES, None).is_empty());
}

// ----- invites ------------------------------------------------------------

#[test]
fn invites_are_validated_against_the_description() {
    let mut s = store();
    let cases = [
        (
            json!({"role": "reader"}),
            400,
            "missing_required_parameter",
            "email",
        ),
        (
            json!({"email": "nope", "role": "reader"}),
            400,
            "invalid_value",
            "email",
        ),
        (
            json!({"email": "g@example.com"}),
            400,
            "missing_required_parameter",
            "role",
        ),
        (
            json!({"email": "g@example.com", "role": "admin"}),
            400,
            "invalid_value",
            "role",
        ),
        (
            json!({"email": "g@example.com", "role": "reader", "extra": 1}),
            400,
            "unknown_parameter",
            "extra",
        ),
        (
            json!({"email": "g@example.com", "role": "reader", "projects": [{"id": "proj_alpha", "role": "viewer"}]}),
            400,
            "invalid_value",
            "projects[0].role",
        ),
        (
            json!({"email": "g@example.com", "role": "reader", "projects": [{"role": "member"}]}),
            400,
            "missing_required_parameter",
            "projects[0].id",
        ),
        (
            json!({"email": "g@example.com", "role": "reader", "projects": [{"id": "proj_nope", "role": "member"}]}),
            404,
            "project_not_found",
            "projects[0].id",
        ),
        (
            json!({"email": "g@example.com", "role": "reader", "projects": [{"id": "proj_legacy", "role": "member"}]}),
            400,
            "project_archived",
            "projects[0].id",
        ),
        (
            json!({"email": "g@example.com", "role": "reader", "projects": "proj_alpha"}),
            400,
            "invalid_type",
            "projects",
        ),
    ];
    for (body, status, expected, param) in cases {
        let err = invite(&mut s, body.clone()).unwrap_err();
        assert_eq!(code(&err), (status, Some(expected), Some(param)), "{body}");
    }
    assert_eq!(
        list(&s, &INVITES, None).len(),
        1,
        "only the fixture's invite"
    );
}

#[test]
fn invite_to_a_member_or_an_invited_person_is_refused_by_id() {
    let mut s = store();
    let err = invite(
        &mut s,
        json!({"email": "BOB@example.com", "role": "reader"}),
    )
    .unwrap_err();
    assert_eq!(
        code(&err),
        (400, Some("user_already_exists"), Some("email"))
    );
    assert!(err.message.contains("'user_bob'"), "{}", err.message);
    let err = invite(
        &mut s,
        json!({"email": "frank@example.com", "role": "owner"}),
    )
    .unwrap_err();
    assert_eq!(code(&err).1, Some("invite_already_exists"));
    assert!(
        err.message.contains("'invite-fixtureFrank000000000'"),
        "{}",
        err.message
    );
    // Once that invite expired, the person can be invited again.
    s.expire_invite("invite-fixtureFrank000000000").unwrap();
    assert!(
        invite(
            &mut s,
            json!({"email": "frank@example.com", "role": "owner"})
        )
        .is_ok()
    );
}

#[test]
fn an_accepted_invite_makes_an_organization_user_with_its_projects() {
    let mut s = store();
    let created = invite(
        &mut s,
        json!({"email": "gil@example.com", "role": "owner",
               "projects": [{"id": "proj_alpha", "role": "owner"}, {"id": "proj_beta", "role": "member"}]}),
    )
    .unwrap();
    assert_eq!(
        (
            &created["status"],
            &created["accepted_at"],
            &created["object"]
        ),
        (
            &json!("pending"),
            &Value::Null,
            &json!("organization.invite")
        )
    );
    assert!(created["expires_at"].as_i64().unwrap() > created["created_at"].as_i64().unwrap());
    let id = created["id"].as_str().unwrap();
    let out = s.accept_invite(id, Some("Gil")).unwrap();
    assert_eq!(out["invite"]["status"], "accepted");
    assert!(out["invite"]["accepted_at"].is_i64());
    let user_id = out["user"]["id"].as_str().unwrap();
    assert!(user_id.starts_with("user-"), "{user_id}");
    let user = s.get_user(user_id).unwrap();
    assert_eq!(
        (
            user.name.as_str(),
            user.role.as_str(),
            user.email.as_deref()
        ),
        ("Gil", "owner", Some("gil@example.com"))
    );
    let role_in = |p: &str| {
        s.project_users(p)
            .into_iter()
            .find(|u| u.user_id == user_id)
            .map(|u| u.role)
    };
    assert_eq!(role_in("proj_alpha").as_deref(), Some("owner"));
    assert_eq!(role_in("proj_beta").as_deref(), Some("member"));
    assert_eq!(
        s.collection_get(&INVITES, None, id).unwrap()["status"],
        "accepted"
    );
    // Accepted: no second acceptance, no delete.
    assert_eq!(
        code(&s.accept_invite(id, None).unwrap_err()).1,
        Some("invite_not_pending")
    );
    let err = s.collection_delete(&INVITES, None, id).unwrap_err();
    assert_eq!(
        code(&err),
        (400, Some("invite_already_accepted"), Some("invite_id"))
    );
}

#[test]
fn invites_expire_and_delete() {
    let mut s = store();
    let expired = s.expire_invite("invite-fixtureFrank000000000").unwrap();
    assert_eq!(expired["status"], "expired");
    assert_eq!(
        code(
            &s.accept_invite("invite-fixtureFrank000000000", None)
                .unwrap_err()
        )
        .1,
        Some("invite_not_pending")
    );
    let deleted = s
        .collection_delete(&INVITES, None, "invite-fixtureFrank000000000")
        .unwrap();
    assert_eq!(
        deleted,
        json!({"object": "organization.invite.deleted", "id": "invite-fixtureFrank000000000", "deleted": true})
    );
    let err = s
        .collection_delete(&INVITES, None, "invite-fixtureFrank000000000")
        .unwrap_err();
    assert_eq!(
        code(&err),
        (404, Some("invite_not_found"), Some("invite_id"))
    );
    assert_eq!(code(&s.expire_invite("invite-nope").unwrap_err()).0, 404);
}

// ----- organization users -------------------------------------------------

#[test]
fn modifying_a_user_changes_the_organization_role_only() {
    let mut s = store();
    let bob = s
        .modify_user("user_bob", &json!({"role": "owner"}))
        .unwrap();
    assert_eq!(bob.role, "owner");
    assert_eq!(s.get_user("user_bob").unwrap().role, "owner");
    let err = s
        .modify_user("user_bob", &json!({"role": "admin"}))
        .unwrap_err();
    assert_eq!(code(&err), (400, Some("invalid_value"), Some("role")));
    let err = s
        .modify_user("user_bob", &json!({"colour": "red"}))
        .unwrap_err();
    assert_eq!(code(&err).1, Some("unknown_parameter"));
    let err = s
        .modify_user("user_nope", &json!({"role": "owner"}))
        .unwrap_err();
    assert_eq!(code(&err), (404, Some("user_not_found"), Some("user_id")));
}

#[test]
fn deleting_a_user_removes_memberships_assignments_and_keys() {
    let mut s = store();
    assert!(s.force_assign(
        Scope::Project("proj_beta"),
        Principal::user("user_bob"),
        "role-api-project-member"
    ));
    assert!(s.force_assign(
        Scope::Org,
        Principal::user("user_bob"),
        "role-api-organization-member"
    ));
    assert!(s.force_assign(
        Scope::Org,
        Principal::user("user_carol"),
        "role-api-organization-member"
    ));
    let keys_before = list(&s, &PROJECT_API_KEYS, Some("proj_beta"));
    assert_eq!(ids(&keys_before), ["key_fixtureBobLaptop000000000"]);

    let deleted = s.delete_user("user_bob").unwrap();
    assert_eq!(
        deleted,
        json!({"object": "organization.user.deleted", "id": "user_bob", "deleted": true})
    );
    assert!(s.get_user("user_bob").is_err());
    assert_eq!(s.group_members("group_engineering"), ["user_alice"]);
    for p in ["proj_alpha", "proj_beta"] {
        assert!(
            s.project_users(p).iter().all(|u| u.user_id != "user_bob"),
            "{p}"
        );
    }
    let left: Vec<String> = s
        .user_assignments()
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    assert_eq!(left, ["user_carol"]);
    assert!(list(&s, &PROJECT_API_KEYS, Some("proj_beta")).is_empty());
    assert_eq!(code(&s.delete_user("user_bob").unwrap_err()).0, 404);
}

// ----- service accounts ---------------------------------------------------

#[test]
fn a_service_account_comes_with_a_key_shown_once() {
    let mut s = store();
    let created = account(&mut s, "proj_beta", json!({"name": "ci"}));
    assert_eq!(created["role"], "member");
    assert_eq!(created["object"], "organization.project.service_account");
    let key = &created["api_key"];
    assert_eq!(
        key["object"],
        "organization.project.service_account.api_key"
    );
    let value = key["value"].as_str().unwrap();
    assert!(
        value.starts_with("sk-svcacct-") && value.len() > 40,
        "{value}"
    );
    // Kept without the key; the key kept redacted, owned by the account.
    let id = created["id"].as_str().unwrap();
    let kept = s
        .collection_get(&SERVICE_ACCOUNTS, Some("proj_beta"), id)
        .unwrap();
    assert!(kept.get("api_key").is_none(), "{kept}");
    let stored_key = s
        .collection_get(
            &PROJECT_API_KEYS,
            Some("proj_beta"),
            key["id"].as_str().unwrap(),
        )
        .unwrap();
    assert_eq!(stored_key["owner"]["type"], "service_account");
    assert_eq!(stored_key["owner"]["service_account"]["id"], id);
    let redacted = stored_key["redacted_value"].as_str().unwrap();
    assert_eq!(redacted, issued_keys::redact(value));
    assert!(!stored_key.to_string().contains(value));
    let issued = s.collections.issued();
    assert_eq!(
        (
            issued[0].id.as_str(),
            issued[0].value.as_str(),
            issued[0].owner.as_str()
        ),
        (key["id"].as_str().unwrap(), value, id)
    );
}

#[test]
fn create_service_account_only_has_role_none_and_no_key() {
    let mut s = store();
    let created = account(
        &mut s,
        "proj_beta",
        json!({"name": "bare", "create_service_account_only": true}),
    );
    assert_eq!(
        (&created["role"], &created["api_key"]),
        (&json!("none"), &Value::Null)
    );
    assert!(
        list(&s, &PROJECT_API_KEYS, Some("proj_beta")).len() == 1,
        "Bob's only"
    );
    assert!(s.collections.issued().is_empty());
    for (body, expected, param) in [
        (json!({}), "missing_required_parameter", "name"),
        (
            json!({"name": "x", "create_service_account_only": "yes"}),
            "invalid_type",
            "create_service_account_only",
        ),
        (
            json!({"name": "x", "role": "owner"}),
            "unknown_parameter",
            "role",
        ),
    ] {
        let err = s
            .collection_create(&SERVICE_ACCOUNTS, Some("proj_beta"), &body)
            .unwrap_err();
        assert_eq!(code(&err), (400, Some(expected), Some(param)), "{body}");
    }
}

#[test]
fn a_service_account_is_a_principal_of_its_project() {
    let mut s = store();
    for only in [false, true] {
        let created = account(
            &mut s,
            "proj_beta",
            json!({"name": "ci", "create_service_account_only": only}),
        );
        let id = created["id"].as_str().unwrap().to_string();
        assert!(
            s.force_assign(
                Scope::Project("proj_beta"),
                Principal::user(&id),
                "role-api-project-viewer"
            ),
            "only={only}"
        );
        // Of its own project only, and not of the organization.
        assert!(!s.force_assign(
            Scope::Project("proj_alpha"),
            Principal::user(&id),
            "role-api-project-viewer"
        ));
        assert!(!s.force_assign(
            Scope::Org,
            Principal::user(&id),
            "role-api-organization-member"
        ));
        // Not one of the project's users: it has its own list.
        assert!(s.project_users("proj_beta").iter().all(|u| u.user_id != id));
        let roles = s
            .list_assignments(Scope::Project("proj_beta"), Principal::user(&id))
            .unwrap();
        assert_eq!(roles.len(), 1, "only={only}");
        // Deleting it drops its assignments and keys.
        s.collection_delete(&SERVICE_ACCOUNTS, Some("proj_beta"), &id)
            .unwrap();
        assert!(s.user_assignments().iter().all(|a| a.user_id != id));
        let keys = list(&s, &PROJECT_API_KEYS, Some("proj_beta"));
        assert!(keys.iter().all(|k| project_api_keys::owner_id(k) != id));
    }
}

#[test]
fn service_accounts_update_name_and_role() {
    let mut s = store();
    let id = "svc_acct_fixtureDeployBot0000000";
    let updated = s
        .collection_update(
            &SERVICE_ACCOUNTS,
            Some("proj_alpha"),
            id,
            &json!({"name": "bot", "role": "owner"}),
        )
        .unwrap();
    assert_eq!(
        (&updated["name"], &updated["role"]),
        (&json!("bot"), &json!("owner"))
    );
    let err = s
        .collection_update(
            &SERVICE_ACCOUNTS,
            Some("proj_alpha"),
            id,
            &json!({"role": "none"}),
        )
        .unwrap_err();
    assert_eq!(code(&err), (400, Some("invalid_value"), Some("role")));
}

#[test]
fn a_service_accounts_keys_show_its_current_name_and_role() {
    let mut s = store();
    let created = account(&mut s, "proj_alpha", json!({"name": "ci"}));
    let id = created["id"].as_str().unwrap();
    let key_id = created["api_key"]["id"].as_str().unwrap();
    let owner = |s: &Store| {
        s.collection_get(&PROJECT_API_KEYS, Some("proj_alpha"), key_id)
            .unwrap()["owner"]["service_account"]
            .clone()
    };
    assert_eq!(
        (&owner(&s)["name"], &owner(&s)["role"]),
        (&json!("ci"), &json!("member"))
    );
    s.collection_update(
        &SERVICE_ACCOUNTS,
        Some("proj_alpha"),
        id,
        &json!({"name": "deployer", "role": "owner"}),
    )
    .unwrap();
    let now = owner(&s);
    assert_eq!(
        (&now["id"], &now["name"], &now["role"]),
        (&json!(id), &json!("deployer"), &json!("owner"))
    );
    // Keys of other owners keep theirs.
    let others: Vec<Value> = list(&s, &PROJECT_API_KEYS, Some("proj_alpha"))
        .into_iter()
        .filter(|k| k["id"] != key_id)
        .collect();
    assert!(
        others
            .iter()
            .all(|k| k["owner"]["service_account"]["name"] != "deployer")
    );
}

#[test]
fn declared_objects_are_hidden_from_reads_for_the_read_delay() {
    let mut s = Store::new(Rules {
        read_after_write_delay: std::time::Duration::from_secs(60),
        ..Rules::default()
    });
    let invited = invite(
        &mut s,
        json!({"email": "gil@example.com", "role": "reader"}),
    )
    .unwrap();
    let invite_id = invited["id"].as_str().unwrap();
    assert_eq!(
        code(&s.collection_get(&INVITES, None, invite_id).unwrap_err()).0,
        404
    );
    assert!(
        list(&s, &INVITES, None)
            .iter()
            .all(|i| i["id"] != invite_id)
    );
    // Writes see it at once: a second invite to the same person is refused.
    assert!(
        invite(
            &mut s,
            json!({"email": "gil@example.com", "role": "reader"})
        )
        .is_err()
    );

    let created = account(&mut s, "proj_alpha", json!({"name": "ci"}));
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        code(
            &s.collection_get(&SERVICE_ACCOUNTS, Some("proj_alpha"), id)
                .unwrap_err()
        )
        .0,
        404
    );
    let key_id = created["api_key"]["id"].as_str().unwrap();
    assert!(
        list(&s, &PROJECT_API_KEYS, Some("proj_alpha"))
            .iter()
            .all(|k| k["id"] != key_id)
    );
    s.collection_update(
        &SERVICE_ACCOUNTS,
        Some("proj_alpha"),
        id,
        &json!({"name": "bot"}),
    )
    .unwrap();
    // Objects of the fixture were never hidden.
    assert!(
        s.collection_get(
            &SERVICE_ACCOUNTS,
            Some("proj_alpha"),
            "svc_acct_fixtureDeployBot0000000"
        )
        .is_ok()
    );
}

// ----- project API keys -----------------------------------------------------

#[test]
fn project_keys_list_retrieve_delete_and_filter() {
    let mut s = store();
    let created = account(&mut s, "proj_alpha", json!({"name": "ci"}));
    let svc = created["id"].as_str().unwrap();
    let second = s
        .create_service_account_key(
            "proj_alpha",
            svc,
            &json!({"name": "deploy", "scopes": ["api.model.read"]}),
        )
        .unwrap();
    assert_eq!(
        second["object"],
        "organization.project.service_account.api_key"
    );
    assert_eq!(second["name"], "deploy");
    let keys = list(&s, &PROJECT_API_KEYS, Some("proj_alpha"));
    assert_eq!(keys.len(), 3, "the fixture's, the first and the second");
    for key in &keys {
        assert!(key.get("value").is_none(), "{key}");
        assert!(key["redacted_value"].as_str().unwrap().contains("..."));
        assert!(key.get("last_used_at").is_some());
    }
    assert_eq!(s.collections.issued().len(), 2);
    // owner_project_access filters; inactive keys need `inactive` or `any`.
    let q = |v: &str| QueryPairs(vec![("owner_project_access".into(), v.into())]);
    if let Some(entry) = s.collections.find_mut(
        &PROJECT_API_KEYS,
        Some("proj_alpha"),
        "key_fixtureDeployBot000000000",
    ) {
        entry.object["owner_project_access"] = json!("inactive");
    }
    assert_eq!(list(&s, &PROJECT_API_KEYS, Some("proj_alpha")).len(), 2);
    let inactive = s
        .collection_list(&PROJECT_API_KEYS, Some("proj_alpha"), &q("inactive"))
        .unwrap();
    assert_eq!(ids(&inactive), ["key_fixtureDeployBot000000000"]);
    assert_eq!(
        s.collection_list(&PROJECT_API_KEYS, Some("proj_alpha"), &q("any"))
            .unwrap()
            .len(),
        3
    );
    let err = s
        .collection_list(&PROJECT_API_KEYS, Some("proj_alpha"), &q("all"))
        .unwrap_err();
    assert_eq!(
        code(&err),
        (400, Some("invalid_value"), Some("owner_project_access"))
    );
    // Retrieve and delete.
    let id = second["id"].as_str().unwrap();
    let got = s
        .collection_get(&PROJECT_API_KEYS, Some("proj_alpha"), id)
        .unwrap();
    assert_eq!(got["owner"]["service_account"]["id"], svc);
    let deleted = s
        .collection_delete(&PROJECT_API_KEYS, Some("proj_alpha"), id)
        .unwrap();
    assert_eq!(deleted["object"], "organization.project.api_key.deleted");
    let err = s
        .collection_get(&PROJECT_API_KEYS, Some("proj_alpha"), id)
        .unwrap_err();
    assert_eq!(
        code(&err),
        (404, Some("api_key_not_found"), Some("api_key_id"))
    );
    // Keys of an unknown service account, or bad bodies.
    let err = s
        .create_service_account_key("proj_alpha", "svc_acct_nope", &json!({}))
        .unwrap_err();
    assert_eq!(code(&err).1, Some("service_account_not_found"));
    let err = s
        .create_service_account_key("proj_alpha", svc, &json!({"scopes": "all"}))
        .unwrap_err();
    assert_eq!(code(&err), (400, Some("invalid_type"), Some("scopes")));
    let err = s
        .create_service_account_key("proj_beta", svc, &json!({}))
        .unwrap_err();
    assert_eq!(code(&err).0, 404, "another project's account");
}

// ----- admin API keys -------------------------------------------------------

#[test]
fn admin_keys_show_their_value_once_and_authenticate_until_deleted() {
    let mut s = store();
    let created = s
        .collection_create(
            &ADMIN_API_KEYS,
            None,
            &json!({"name": "ci", "expires_in_seconds": 3600}),
        )
        .unwrap();
    let value = created["value"].as_str().unwrap().to_string();
    assert!(value.starts_with("sk-admin-"), "{value}");
    assert_eq!(created["redacted_value"], issued_keys::redact(&value));
    assert_eq!(
        created["expires_at"].as_i64().unwrap() - created["created_at"].as_i64().unwrap(),
        3600
    );
    assert_eq!(created["owner"]["id"], "user_alice");
    assert_eq!(created["owner"]["role"], "owner");
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("key_"));
    let kept = s.collection_get(&ADMIN_API_KEYS, None, id).unwrap();
    assert!(
        kept.get("value").is_none() && kept["last_used_at"].is_null(),
        "{kept}"
    );
    assert_eq!(s.collections.issued()[0].kind, "admin");

    let now = crate::fake::store::now();
    assert!(s.use_admin_key(&value, now));
    assert_eq!(
        s.collection_get(&ADMIN_API_KEYS, None, id).unwrap()["last_used_at"],
        now
    );
    assert!(!s.use_admin_key(&value, now + 3600), "expired");
    assert!(!s.use_admin_key("sk-admin-unknown", now));
    s.collection_delete(&ADMIN_API_KEYS, None, id).unwrap();
    assert!(!s.use_admin_key(&value, now), "deleted");

    for (body, expected, param) in [
        (json!({}), "missing_required_parameter", "name"),
        (
            json!({"name": "x", "expires_in_seconds": 0}),
            "invalid_value",
            "expires_in_seconds",
        ),
        (
            json!({"name": "x", "expires_in_seconds": 31_536_001}),
            "invalid_value",
            "expires_in_seconds",
        ),
        (
            json!({"name": "x", "expires_in_seconds": "1d"}),
            "invalid_type",
            "expires_in_seconds",
        ),
    ] {
        let err = s
            .collection_create(&ADMIN_API_KEYS, None, &body)
            .unwrap_err();
        assert_eq!(code(&err), (400, Some(expected), Some(param)), "{body}");
    }
    let forever = s
        .collection_create(&ADMIN_API_KEYS, None, &json!({"name": "forever"}))
        .unwrap();
    assert!(forever["expires_at"].is_null());
}

// ----- settings and the rate-limit catalogue ---------------------------------

mod settings_and_rate_limits {
    use serde_json::json;

    use super::super::rate_limits::RATE_LIMITS;
    use super::super::settings::{
        HOSTED_TOOL_PERMISSIONS, MODEL_PERMISSIONS, PROJECT_DATA_RETENTION, PROJECT_SPEND_LIMIT,
    };
    use super::{code, ids, list, store};

    #[test]
    fn settings_read_as_their_defaults_until_written_and_check_bodies() {
        let mut s = store();
        let kept = s
            .setting_get(&PROJECT_DATA_RETENTION, Some("proj_alpha"))
            .unwrap();
        assert_eq!(kept["type"], "organization_default");
        let err = s
            .setting_post(
                &PROJECT_DATA_RETENTION,
                Some("proj_alpha"),
                &json!({"retention_type": "forever"}),
            )
            .unwrap_err();
        assert_eq!(
            code(&err),
            (400, Some("invalid_value"), Some("retention_type"))
        );
        let err = s
            .setting_post(
                &PROJECT_DATA_RETENTION,
                Some("proj_alpha"),
                &json!({"type": "none"}),
            )
            .unwrap_err();
        assert_eq!(err.status, 400, "the answer's name is not the body's");
        s.setting_post(
            &PROJECT_DATA_RETENTION,
            Some("proj_alpha"),
            &json!({"retention_type": "none"}),
        )
        .unwrap();
        assert_eq!(
            s.setting_get(&PROJECT_DATA_RETENTION, Some("proj_alpha"))
                .unwrap()["type"],
            "none"
        );
        assert_eq!(
            s.setting_get(&PROJECT_DATA_RETENTION, Some("proj_beta"))
                .unwrap()["type"],
            "organization_default",
            "per project"
        );
        let err = s
            .setting_get(&PROJECT_DATA_RETENTION, Some("proj_nope"))
            .unwrap_err();
        assert_eq!(err.status, 404);
        let err = s
            .setting_post(
                &PROJECT_DATA_RETENTION,
                Some("proj_legacy"),
                &json!({"retention_type": "none"}),
            )
            .unwrap_err();
        assert_eq!(err.status, 400, "archived projects refuse writes");
    }

    #[test]
    fn hosted_tools_change_only_what_a_write_names() {
        let mut s = store();
        let after = s
            .setting_post(
                &HOSTED_TOOL_PERMISSIONS,
                Some("proj_alpha"),
                &json!({"mcp": {"enabled": false}, "web_search": null}),
            )
            .unwrap();
        assert_eq!(after["mcp"]["enabled"], false);
        assert_eq!(after["web_search"]["enabled"], true);
        let err = s
            .setting_post(
                &HOSTED_TOOL_PERMISSIONS,
                Some("proj_alpha"),
                &json!({"mcp": {"enabled": "no"}}),
            )
            .unwrap_err();
        assert_eq!(err.param.as_deref(), Some("mcp.enabled"));
    }

    #[test]
    fn deletes_go_back_to_the_default_or_to_nothing() {
        let mut s = store();
        s.setting_post(
            &MODEL_PERMISSIONS,
            Some("proj_alpha"),
            &json!({"mode": "allow_list", "model_ids": ["o3"]}),
        )
        .unwrap();
        let deleted = s
            .setting_delete(&MODEL_PERMISSIONS, Some("proj_alpha"))
            .unwrap();
        assert_eq!(
            deleted,
            json!({"object": "project.model_permissions.deleted", "deleted": true})
        );
        assert_eq!(
            s.setting_get(&MODEL_PERMISSIONS, Some("proj_alpha"))
                .unwrap()["mode"],
            "deny_list"
        );
        assert_eq!(
            s.setting_get(&PROJECT_SPEND_LIMIT, Some("proj_alpha"))
                .unwrap_err()
                .status,
            404
        );
        let err = s
            .setting_post(
                &PROJECT_SPEND_LIMIT,
                Some("proj_alpha"),
                &json!({"threshold_amount": 0, "currency": "USD", "interval": "month"}),
            )
            .unwrap_err();
        assert_eq!(
            code(&err),
            (400, Some("invalid_value"), Some("threshold_amount"))
        );
        s.setting_post(
            &PROJECT_SPEND_LIMIT,
            Some("proj_alpha"),
            &json!({"threshold_amount": 100, "currency": "USD", "interval": "month"}),
        )
        .unwrap();
        s.setting_delete(&PROJECT_SPEND_LIMIT, Some("proj_alpha"))
            .unwrap();
        assert_eq!(
            s.setting_delete(&PROJECT_SPEND_LIMIT, Some("proj_alpha"))
                .unwrap_err()
                .status,
            404
        );
        let err = s
            .setting_delete(&PROJECT_DATA_RETENTION, Some("proj_alpha"))
            .unwrap_err();
        assert_eq!(err.status, 404, "no DELETE route");
    }

    #[test]
    fn every_project_has_the_rate_limit_catalogue_and_updates_check_each_limit() {
        let mut s = store();
        let alpha = list(&s, &RATE_LIMITS, Some("proj_alpha"));
        assert_eq!(
            ids(&alpha),
            [
                "rl-gpt-4o",
                "rl-gpt-4o-mini",
                "rl-gpt-4.1",
                "rl-o3",
                "rl-dall-e-3",
                "rl-whisper-1"
            ]
        );
        let updated = s
            .collection_update(
                &RATE_LIMITS,
                Some("proj_alpha"),
                "rl-o3",
                &json!({"max_requests_per_1_minute": 9}),
            )
            .unwrap();
        assert_eq!(updated["max_requests_per_1_minute"], 9);
        assert_eq!(
            list(&s, &RATE_LIMITS, Some("proj_alpha")).len(),
            6,
            "kept whole"
        );
        assert_eq!(
            list(&s, &RATE_LIMITS, Some("proj_beta"))[3]["max_requests_per_1_minute"],
            5000,
            "per project"
        );
        let err = s
            .collection_update(
                &RATE_LIMITS,
                Some("proj_alpha"),
                "rl-o3",
                &json!({"max_images_per_1_minute": 1}),
            )
            .unwrap_err();
        assert_eq!(err.param.as_deref(), Some("max_images_per_1_minute"));
        let err = s
            .collection_update(
                &RATE_LIMITS,
                Some("proj_alpha"),
                "rl-o3",
                &json!({"max_tokens_per_1_minute": -1}),
            )
            .unwrap_err();
        assert_eq!(
            code(&err),
            (400, Some("invalid_value"), Some("max_tokens_per_1_minute"))
        );
        let err = s
            .collection_update(&RATE_LIMITS, Some("proj_alpha"), "rl-nope", &json!({}))
            .unwrap_err();
        assert_eq!(err.status, 404);
    }
}
