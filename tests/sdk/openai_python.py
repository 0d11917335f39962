"""OpenAI's official Python SDK against the bundled fake Admin API.

Run by scripts/sdk-check.sh, which starts the fake with pages of two items
and sets OPENAI_ADMIN_BASE_URL and OPENAI_ADMIN_KEY. Every operation the provider
uses (spec/operations.txt) is called through `client.admin.organization...`,
lists through the SDK's own auto-pagination over several pages. A client
nobody here wrote holds the fake to what OpenAI's own code sends and expects:
its cursors (`next` for some lists, `last_id` or the last item's id for
others), its `emails[]`
filter, its request bodies and its response models.

The SDK's models are lenient (built without validation), so every answer is
also validated against its model class (required fields, types, literals)
and checked for fields the model does not know. Any departure fails the run.
"""

import os
import re
import subprocess
import sys

import openai
import pydantic

SDK_VERSION = "3.63.0"
PAGE_SIZE = int(os.environ.get("OPENAI_FAKE_PAGE_SIZE", "2"))
OPERATIONS_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "spec", "operations.txt")

called: set[str] = set()


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def validated(operation: str, answer):
    """Marks `operation` as exercised and holds `answer` to its SDK model."""
    called.add(operation)
    models = answer if isinstance(answer, list) else [answer]
    for model in models:
        check_model(operation, model, "")
    return answer


def check_model(operation: str, model, at: str) -> None:
    check(isinstance(model, pydantic.BaseModel), f"{operation}{at}: not an SDK model: {model!r}")
    cls = type(model)
    raw = model.to_dict(mode="json")
    try:
        cls.model_validate(raw)
    except pydantic.ValidationError as error:
        raise Failure(f"{operation}{at}: the answer does not fit {cls.__name__}: {error}") from None
    # The SDK's construct keeps a dotted alias (`project.archived`) in
    # model_extra too, beside the field it fills: not unknown.
    aliases = {f.alias for f in cls.model_fields.values() if f.alias}
    extra = sorted(k for k in (model.model_extra or {}) if k not in aliases)
    check(not extra, f"{operation}{at}: fields {cls.__name__} does not know: {extra} in {raw}")
    for name in cls.model_fields:
        value = getattr(model, name, None)
        values = value if isinstance(value, list) else [value]
        for i, item in enumerate(values):
            if isinstance(item, pydantic.BaseModel):
                check_model(operation, item, f"{at}.{name}[{i}]" if isinstance(value, list) else f"{at}.{name}")


def all_pages(operation: str, page, expect_pages: int | None = None):
    """Every item of a list, through the SDK's auto-pagination; checks that it
    took `expect_pages` pages when given (so the cursor was followed)."""
    items = []
    pages = 0
    for current in page.iter_pages():
        pages += 1
        check(len(current.data) <= PAGE_SIZE, f"{operation}: a page of {len(current.data)} > {PAGE_SIZE}")
        items.extend(current.data)
        check(pages <= 50, f"{operation}: more than 50 pages; the cursor does not advance")
    if expect_pages is not None:
        check(pages == expect_pages, f"{operation}: {pages} pages, expected {expect_pages} ({len(items)} items)")
    ids = [item_id(item) for item in items]
    check(len(ids) == len(set(ids)), f"{operation}: an item came twice: {ids}")
    return validated(operation, items)


def item_id(item) -> str:
    for field in ("id", "group_id", "user_id"):
        value = getattr(item, field, None)
        if isinstance(value, str):
            return value
    raise Failure(f"no id in {item!r}")


def pages_for(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def test_certificate(host: str) -> str:
    """A self-signed certificate valid for a year, made per run (never
    committed), with the `openssl` CLI: the SDK installs no X.509 library."""
    out = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", "/dev/null", "-days", "365", "-subj", f"/CN={host}"],
        check=True, capture_output=True, text=True)
    return out.stdout


def policies(org, project_id: str) -> None:
    """Settings, rate limits, spend alerts and certificates, as the policy
    resources use them."""
    projects = org.projects
    # ----- data retention --------------------------------------------------
    validated("retrieve-organization-data-retention", org.data_retention.retrieve())
    got = validated("update-organization-data-retention",
                    org.data_retention.update(retention_type="zero_data_retention"))
    check(got.type == "zero_data_retention", f"{got}")
    validated("retrieve-project-data-retention", projects.data_retention.retrieve(project_id))
    got = validated("update-project-data-retention",
                    projects.data_retention.update(project_id, retention_type="organization_default"))
    check(got.type == "organization_default", f"{got}")

    # ----- model and hosted tool permissions -------------------------------
    validated("retrieve-project-model-permissions", projects.model_permissions.retrieve(project_id))
    got = validated("update-project-model-permissions", projects.model_permissions.update(
        project_id, mode="allow_list", model_ids=["gpt-4.1", "o3"]))
    check((got.mode, got.model_ids) == ("allow_list", ["gpt-4.1", "o3"]), f"{got}")
    validated("delete-project-model-permissions", projects.model_permissions.delete(project_id))
    validated("retrieve-project-hosted-tool-permissions", projects.hosted_tool_permissions.retrieve(project_id))
    got = validated("update-project-hosted-tool-permissions", projects.hosted_tool_permissions.update(
        project_id, image_generation={"enabled": False}))
    check(got.image_generation.enabled is False, f"{got}")

    # ----- spend limits ----------------------------------------------------
    for name, limits, args in [("organization", org.spend_limit, ()),
                               ("project", projects.spend_limit, (project_id,))]:
        got = validated(f"Update{name}spendlimit", limits.update(
            *args, threshold_amount=10000, currency="USD", interval="month"))
        check(got.threshold_amount == 10000, f"{got}")
        validated(f"Get{name}spendlimit", limits.retrieve(*args))
        validated(f"Delete{name}spendlimit", limits.delete(*args))

    # ----- rate limits: pages by `last_id` ---------------------------------
    limits = all_pages("list-project-rate-limits", projects.rate_limits.list_rate_limits(project_id))
    check(len(limits) > PAGE_SIZE, f"rate limits span several pages: {limits}")
    got = validated("update-project-rate-limits", projects.rate_limits.update_rate_limit(
        limits[0].id, project_id=project_id, max_requests_per_1_minute=500))
    check(got.max_requests_per_1_minute == 500, f"{got}")

    # ----- spend alerts, both scopes: pages by `last_id` --------------------
    channel = {"type": "email", "recipients": ["finance@example.com"], "subject_prefix": "SDK"}
    for scope, alerts, args, kw in [("organization", org.spend_alerts, (), {}),
                                    ("project", projects.spend_alerts, (project_id,), {"project_id": project_id})]:
        made = [validated(f"create-{scope}-spend-alert", alerts.create(
            *args, threshold_amount=1000 * (n + 1), currency="USD", interval="month",
            notification_channel=channel)) for n in range(3)]
        listed = all_pages(f"list-{scope}-spend-alerts", alerts.list(*args))
        check({a.id for a in made} <= {a.id for a in listed}, f"spend alerts: {listed}")
        got = validated(f"retrieve-{scope}-spend-alert", alerts.retrieve(made[0].id, **kw))
        check(got.threshold_amount == 1000, f"{got}")
        got = validated(f"update-{scope}-spend-alert", alerts.update(
            made[0].id, **kw, threshold_amount=2500, currency="USD", interval="month",
            notification_channel=channel))
        check(got.threshold_amount == 2500, f"{got}")
        for alert in made:
            validated(f"delete-{scope}-spend-alert", alerts.delete(alert.id, **kw))

    # ----- certificates: pages by `last_id`, activation at both scopes ------
    certs = org.certificates
    made = [validated("uploadCertificate", certs.create(
        name=f"sdk {n}", certificate=test_certificate(f"sdk{n}.example.com"))) for n in range(3)]
    listed = all_pages("listOrganizationCertificates", certs.list())
    check({c.id for c in made} <= {c.id for c in listed}, f"certificates: {listed}")
    first = made[0].id
    got = validated("getCertificate", certs.retrieve(first, include=["content"]))
    check(got.certificate_details.content.startswith("-----BEGIN CERTIFICATE-----"), f"{got}")
    check(validated("modifyCertificate", certs.update(first, name="sdk renamed")).name == "sdk renamed",
          "modifyCertificate")
    validated("activateOrganizationCertificates", certs.activate(certificate_ids=[first]))
    validated("activateProjectCertificates", projects.certificates.activate(project_id, certificate_ids=[first]))
    in_project = all_pages("listProjectCertificates", projects.certificates.list(project_id))
    check(any(c.id == first and c.active for c in in_project), f"project certificates: {in_project}")
    validated("deactivateProjectCertificates",
              projects.certificates.deactivate(project_id, certificate_ids=[first]))
    validated("deactivateOrganizationCertificates", certs.deactivate(certificate_ids=[first]))
    for cert in made:
        validated("deleteCertificate", certs.delete(cert.id))


def main() -> None:
    check(openai.__version__ == SDK_VERSION, f"openai {openai.__version__}, expected {SDK_VERSION}")
    base_url = os.environ["OPENAI_ADMIN_BASE_URL"]
    key = os.environ["OPENAI_ADMIN_KEY"]
    client = openai.OpenAI(api_key=key, admin_api_key=key, base_url=base_url, max_retries=0)
    org = client.admin.organization

    # ----- users: pages by `last_id`, filter sent as `emails[]` ------------
    users = all_pages("list-users", org.users.list(), pages_for(5))
    check([u.id for u in users][:2] == ["user_alice", "user_bob"], f"list-users order: {users}")
    found = all_pages("list-users", org.users.list(emails=["alice@example.com", "BOB@example.com"]))
    check(sorted(u.id for u in found) == ["user_alice", "user_bob"], f"emails[] filter: {found}")
    alice = validated("retrieve-user", org.users.retrieve("user_alice"))
    check((alice.id, alice.email, alice.role) == ("user_alice", "alice@example.com", "owner"), f"{alice}")

    # ----- projects: pages by `last_id` -----------------------------------
    project = validated("create-project", org.projects.create(name="SDK check"))
    check(project.name == "SDK check" and project.status == "active", f"{project}")
    check(validated("retrieve-project", org.projects.retrieve(project.id)).id == project.id, "retrieve-project")
    renamed = validated("modify-project", org.projects.update(project.id, name="SDK checked"))
    check(renamed.name == "SDK checked", f"{renamed}")
    active = all_pages("list-projects", org.projects.list())
    everything = all_pages("list-projects", org.projects.list(include_archived=True), pages_for(len(active) + 1))
    check(project.id in [p.id for p in active], "the new project is listed")
    check("proj_legacy" in [p.id for p in everything] and "proj_legacy" not in [p.id for p in active],
          "include_archived lists the archived project only when asked")

    # ----- custom roles, both scopes: pages by `next` ----------------------
    role_ids = []
    for i in range(3):
        role = validated("create-project-role", org.projects.roles.create(
            project.id, role_name=f"SDK role {i}", permissions=["api.files.read"]))
        role_ids.append(role.id)
    empty = validated("create-project-role", org.projects.roles.create(
        project.id, role_name="Grants nothing", permissions=[]))
    check(empty.permissions == [], f"a role without permissions: {empty}")
    roles = all_pages("list-project-roles", org.projects.roles.list(project.id))
    check(set(role_ids + [empty.id]) <= {r.id for r in roles}, f"project roles: {roles}")
    check(len(roles) > PAGE_SIZE, "project roles span several pages")
    got = validated("retrieve-project-role", org.projects.roles.retrieve(role_ids[0], project_id=project.id))
    check((got.id, got.name) == (role_ids[0], "SDK role 0"), f"{got}")
    updated = validated("update-project-role", org.projects.roles.update(
        role_ids[0], project_id=project.id, permissions=["api.files.read", "api.model.read"],
        description="updated"))
    check(sorted(updated.permissions) == ["api.files.read", "api.model.read"], f"{updated}")
    check(updated.description == "updated", f"{updated}")

    org_role = validated("create-role", org.roles.create(role_name="SDK org role", permissions=["api.groups.read"]))
    check(org_role.name == "SDK org role", f"{org_role}")
    org_roles = all_pages("list-roles", org.roles.list())
    check(org_role.id in [r.id for r in org_roles] and len(org_roles) > PAGE_SIZE, f"org roles: {org_roles}")
    check(validated("retrieve-role", org.roles.retrieve(org_role.id)).id == org_role.id, "retrieve-role")
    renamed_role = validated("update-role", org.roles.update(org_role.id, role_name="SDK org role 2"))
    check(renamed_role.name == "SDK org role 2", f"{renamed_role}")

    # ----- groups and members: both page by `next` -------------------------
    group = validated("create-group", org.groups.create(name="SDK group"))
    check(re.fullmatch(r"[0-9a-f]{32}", group.id) is not None, f"a group id as the API mints them: {group.id}")
    groups = all_pages("list-groups", org.groups.list(), pages_for(6))
    check(group.id in [g.id for g in groups], "the new group is listed")
    check(validated("retrieve-group", org.groups.retrieve(group.id)).name == "SDK group", "retrieve-group")
    check(validated("update-group", org.groups.update(group.id, name="SDK team")).name == "SDK team", "update-group")
    for user in ("user_carol", "user_dee", "user_erin"):
        added = validated("add-group-user", org.groups.users.create(group.id, user_id=user))
        check((added.group_id, added.user_id) == (group.id, user), f"{added}")
    members = all_pages("list-group-users", org.groups.users.list(group.id), pages_for(3))
    check(sorted(m.id for m in members) == ["user_carol", "user_dee", "user_erin"], f"members: {members}")
    member = validated("retrieve-group-user", org.groups.users.retrieve("user_dee", group_id=group.id))
    check(member.id == "user_dee", f"{member}")

    # ----- project groups (pages by `next`) and project users (`last_id`) --
    for g in ("group_engineering", "group_support"):
        access = validated("add-project-group", org.projects.groups.create(
            project.id, group_id=g, role="role-api-project-member"))
        check((access.project_id, access.group_id) == (project.id, g), f"{access}")
    validated("add-project-group", org.projects.groups.create(
        project.id, group_id=group.id, role="role-api-project-member"))
    project_groups = all_pages("list-project-groups", org.projects.groups.list(project.id), pages_for(3))
    check({a.group_id for a in project_groups} == {"group_engineering", "group_support", group.id},
          f"project groups: {project_groups}")
    access = validated("retrieve-project-group", org.projects.groups.retrieve(group.id, project_id=project.id))
    check(access.group_name == "SDK team", f"{access}")

    for user, role in (("user_alice", "owner"), ("user_bob", "member"), ("user_carol", "member")):
        pu = validated("create-project-user", org.projects.users.create(project.id, user_id=user, role=role))
        check((pu.id, pu.role) == (user, role), f"{pu}")
    project_users = all_pages("list-project-users", org.projects.users.list(project.id), pages_for(3))
    check(sorted(u.id for u in project_users) == ["user_alice", "user_bob", "user_carol"], f"{project_users}")
    check(validated("retrieve-project-user", org.projects.users.retrieve(
        "user_bob", project_id=project.id)).role == "member", "retrieve-project-user")
    check(validated("modify-project-user", org.projects.users.update(
        "user_bob", project_id=project.id, role="owner")).role == "owner", "modify-project-user")

    # ----- role assignments: groups and users, both scopes (pages by `next`)
    for role_id in role_ids:
        a = validated("assign-project-group-role", org.projects.groups.roles.create(
            group.id, project_id=project.id, role_id=role_id))
        check((a.group.id, a.role.id) == (group.id, role_id), f"{a}")
        a = validated("assign-project-user-role", org.projects.users.roles.create(
            "user_carol", project_id=project.id, role_id=role_id))
        check((a.user.id, a.role.id) == (("user_carol", role_id)), f"{a}")
    held = all_pages("list-project-group-role-assignments",
                     org.projects.groups.roles.list(group.id, project_id=project.id))
    check(set(role_ids) <= {r.id for r in held} and len(held) > PAGE_SIZE, f"group roles: {held}")
    held = all_pages("list-project-user-role-assignments",
                     org.projects.users.roles.list("user_carol", project_id=project.id))
    check(set(role_ids) <= {r.id for r in held} and len(held) > PAGE_SIZE, f"user roles: {held}")
    check(validated("retrieve-project-group-role", org.projects.groups.roles.retrieve(
        role_ids[1], project_id=project.id, group_id=group.id)).id == role_ids[1], "retrieve-project-group-role")
    check(validated("retrieve-project-user-role", org.projects.users.roles.retrieve(
        role_ids[1], project_id=project.id, user_id="user_carol")).id == role_ids[1], "retrieve-project-user-role")

    org_role_ids = [org_role.id, "role-api-organization-viewer", "role-api-organization-reader"]
    org_role_ids = [r for r in org_role_ids if r in {x.id for x in org_roles}] or [org_role.id]
    for role_id in org_role_ids:
        validated("assign-group-role", org.groups.roles.create(group.id, role_id=role_id))
        validated("assign-user-role", org.users.roles.create("user_erin", role_id=role_id))
    held = all_pages("list-group-role-assignments", org.groups.roles.list(group.id))
    check(set(org_role_ids) <= {r.id for r in held}, f"org group roles: {held}")
    held = all_pages("list-user-role-assignments", org.users.roles.list("user_erin"))
    check(set(org_role_ids) <= {r.id for r in held}, f"org user roles: {held}")
    check(validated("retrieve-group-role", org.groups.roles.retrieve(
        org_role.id, group_id=group.id)).id == org_role.id, "retrieve-group-role")
    check(validated("retrieve-user-role", org.users.roles.retrieve(
        org_role.id, user_id="user_erin")).id == org_role.id, "retrieve-user-role")

    # ----- invites: pages by `last_id` -------------------------------------
    invites = []
    for n in range(3):
        invites.append(validated("inviteUser", org.invites.create(
            email=f"sdk{n}@example.com", role="reader", projects=[{"id": "proj_alpha", "role": "member"}])))
    check(all(i.status == "pending" and i.projects[0].id == "proj_alpha" for i in invites), f"{invites}")
    listed = all_pages("list-invites", org.invites.list(), pages_for(4))
    check({i.id for i in invites} <= {i.id for i in listed}, f"invites: {listed}")
    check(validated("retrieve-invite", org.invites.retrieve(invites[0].id)).email == "sdk0@example.com",
          "retrieve-invite")
    try:
        org.invites.create(email="alice@example.com", role="reader")
        raise Failure("an invite to a member was accepted")
    except openai.BadRequestError:
        pass
    check(validated("delete-invite", org.invites.delete(invites[0].id)).deleted, "delete-invite")

    # ----- service accounts and project API keys: pages by `last_id` -------
    accounts = [validated("create-project-service-account", org.projects.service_accounts.create(
        project.id, name=f"sdk-bot-{n}")) for n in range(2)]
    check(all(a.role == "member" and a.api_key.value for a in accounts), f"{accounts}")
    bare = validated("create-project-service-account", org.projects.service_accounts.create(
        project.id, name="sdk-bare", create_service_account_only=True))
    check(bare.role == "none" and bare.api_key is None, f"{bare}")
    listed = all_pages("list-project-service-accounts", org.projects.service_accounts.list(project.id), pages_for(3))
    check([a.id for a in listed] == [a.id for a in accounts] + [bare.id], f"service accounts: {listed}")
    check(validated("retrieve-project-service-account", org.projects.service_accounts.retrieve(
        bare.id, project_id=project.id)).name == "sdk-bare", "retrieve-project-service-account")
    check(validated("update-project-service-account", org.projects.service_accounts.update(
        bare.id, project_id=project.id, name="sdk-bare-2")).name == "sdk-bare-2", "update-project-service-account")
    extra = validated("CreateanAPIkeyforaserviceaccount", org.projects.service_accounts.api_keys.create(
        accounts[0].id, project_id=project.id, name="sdk-extra"))
    check(extra.name == "sdk-extra" and extra.value, f"{extra}")
    keys = all_pages("list-project-api-keys", org.projects.api_keys.list(project.id), pages_for(3))
    check({k.id for k in keys} == {accounts[0].api_key.id, accounts[1].api_key.id, extra.id}, f"keys: {keys}")
    shown = {accounts[0].api_key.value, accounts[1].api_key.value, extra.value}
    check(not any(v in str(k.to_dict()) for k in keys for v in shown), "a key value is listed")
    kept = validated("retrieve-project-api-key", org.projects.api_keys.retrieve(extra.id, project_id=project.id))
    check(kept.owner.type == "service_account" and kept.owner.service_account.id == accounts[0].id, f"{kept}")
    check(validated("delete-project-api-key", org.projects.api_keys.delete(
        extra.id, project_id=project.id)).deleted, "delete-project-api-key")
    check(validated("delete-project-service-account", org.projects.service_accounts.delete(
        accounts[1].id, project_id=project.id)).deleted, "delete-project-service-account")

    # ----- admin API keys: pages by the last item's id ----------------------
    admin_keys = [validated("admin-api-keys-create", org.admin_api_keys.create(name=f"sdk admin {n}"))
                  for n in range(3)]
    check(all(k.value.startswith("sk-admin-") for k in admin_keys), f"{admin_keys}")
    listed = all_pages("admin-api-keys-list", org.admin_api_keys.list(), pages_for(3))
    check([k.id for k in listed] == [k.id for k in admin_keys], f"admin keys: {listed}")
    newest = all_pages("admin-api-keys-list", org.admin_api_keys.list(order="desc"), pages_for(3))
    check([k.id for k in newest] == [k.id for k in reversed(admin_keys)], f"admin keys, newest first: {newest}")
    # A new admin key works as one.
    with_new = openai.OpenAI(api_key=key, admin_api_key=admin_keys[0].value, base_url=base_url, max_retries=0)
    got = validated("admin-api-keys-get", with_new.admin.organization.admin_api_keys.retrieve(admin_keys[0].id))
    check(got.last_used_at is not None and not hasattr(got, "value"), f"{got}")
    check(validated("admin-api-keys-delete", org.admin_api_keys.delete(admin_keys[0].id)).deleted,
          "admin-api-keys-delete")

    policies(org, project.id)

    # ----- and everything undone -------------------------------------------
    for role_id in org_role_ids:
        validated("unassign-group-role", org.groups.roles.delete(role_id, group_id=group.id))
        validated("unassign-user-role", org.users.roles.delete(role_id, user_id="user_erin"))
    validated("unassign-project-group-role", org.projects.groups.roles.delete(
        role_ids[0], project_id=project.id, group_id=group.id))
    validated("unassign-project-user-role", org.projects.users.roles.delete(
        role_ids[0], project_id=project.id, user_id="user_carol"))
    validated("delete-project-user", org.projects.users.delete("user_carol", project_id=project.id))
    validated("remove-project-group", org.projects.groups.delete(group.id, project_id=project.id))
    validated("remove-group-user", org.groups.users.delete("user_dee", group_id=group.id))
    validated("delete-group", org.groups.delete(group.id))
    validated("delete-role", org.roles.delete(org_role.id))
    validated("delete-project-role", org.projects.roles.delete(empty.id, project_id=project.id))
    # Organization users last: deleting one removes them everywhere.
    erin = validated("modify-user", org.users.update("user_erin", role="owner"))
    check(erin.role == "owner", f"{erin}")
    check(validated("delete-user", org.users.delete("user_erin")).deleted, "delete-user")
    try:
        org.users.retrieve("user_erin")
        raise Failure("a deleted user is still served")
    except openai.NotFoundError:
        pass
    archived = validated("archive-project", org.projects.archive(project.id))
    check(archived.status == "archived", f"{archived}")

    try:
        org.groups.retrieve(group.id)
        raise Failure("a deleted group is still served")
    except openai.NotFoundError:
        pass

    # ----- audit log: what this check changed, newest first ---------------
    events = all_pages("list-audit-logs", org.audit_logs.list(limit=PAGE_SIZE))
    check(events and events[0].type == "project.archived", f"audit log newest event: {events[:1]}")
    on_project = all_pages(
        "list-audit-logs",
        org.audit_logs.list(resource_ids=[project.id], effective_at={"gte": 0}, event_types=["project.updated"]),
    )
    check([e.type for e in on_project] == ["project.updated"], f"audit log filters: {on_project}")
    check(on_project[0].actor.type == "api_key", f"audit log actor: {on_project[0].actor}")

    used = [line.split("#")[0].strip() for line in open(OPERATIONS_FILE)]
    used = {op for op in used if op}
    missing = sorted(used - called)
    check(not missing, f"operations the provider uses that this check did not call: {missing}")
    print(f"openai-python {openai.__version__}: {len(called)} operations against the fake, "
          f"lists paged {PAGE_SIZE} at a time, every answer fits the SDK's models")


if __name__ == "__main__":
    try:
        main()
    except (Failure, openai.OpenAIError) as error:
        print(f"SDK CHECK FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
