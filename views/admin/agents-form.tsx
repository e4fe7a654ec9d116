import type { UserFormValues } from "../../src/auth/index.ts";
import { BackLink } from "../components/admin-list.tsx";
import { Csrf, type Errors, FormAlert, FormNotice } from "../components/form.tsx";
import { type NavUser, Page } from "../layouts/page.tsx";
import { AccountPanels, type OneTime, OneTimeSecrets, type PanelTarget } from "./agents-account.tsx";
import {
  AccountSection,
  AvatarField,
  CapacitySection,
  CheckGroup,
  IdentitySection,
  PermissionsSection,
  PhoneSection,
} from "./agents-form-sections.tsx";

/** The departments and teams the form offers as checkboxes. */
export type MembershipOptions = { queues: { id: string; name: string; channel: string }[]; teams: { id: string; name: string }[] };

export type AgentFormProps = {
  csrf: string;
  centerName: string;
  user: NavUser;
  /** The user being edited; absent on the "new user" form. */
  target?: PanelTarget;
  values: UserFormValues;
  options: MembershipOptions;
  errors?: Errors;
  message?: string | null;
  notice?: string | null;
  oneTime?: OneTime;
  passwordErrors?: Errors;
};

/** Create or edit one user with every field of FEATURES A2. */
export function AgentFormPage(p: AgentFormProps) {
  const title = p.target ? `Edit ${p.target.fullName}` : "New user";
  return (
    <Page title={title} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <BackLink href="/admin/agents" label="All agents" />
      <h1>{title}</h1>
      <FormNotice message={p.notice} />
      {p.oneTime ? <OneTimeSecrets {...p.oneTime} /> : null}
      <FormAlert message={p.message} />
      <div class="row">
        <AgentForm {...p} />
        {p.target ? <AccountPanels csrf={p.csrf} target={p.target} errors={p.passwordErrors} /> : null}
      </div>
    </Page>
  );
}

function AgentForm(p: AgentFormProps) {
  const v = p.values;
  const queues = p.options.queues.map((q): [string, string] => [q.id, `${q.name} (${q.channel})`]);
  const teams = p.options.teams.map((t): [string, string] => [t.id, t.name]);
  return (
    <form method="post" action={p.target ? `/admin/agents/${p.target.id}` : "/admin/agents"} enctype="multipart/form-data">
      <Csrf token={p.csrf} />
      <IdentitySection v={v} errors={p.errors} />
      <PhoneSection v={v} errors={p.errors} />
      <AccountSection v={v} errors={p.errors} failedLogins={p.target?.failedLogins} />
      <CapacitySection v={v} errors={p.errors} />
      <PermissionsSection v={v} errors={p.errors} />
      <CheckGroup
        legend="Queues (departments)"
        name="queueIds"
        chosen={v.queueIds}
        items={queues}
        errors={p.errors}
        empty="No queues yet."
      />
      <CheckGroup legend="Teams" name="teamIds" chosen={v.teamIds} items={teams} errors={p.errors} empty="No teams yet." />
      <AvatarField errors={p.errors} current={p.target?.hasAvatar ? `/avatars/${p.target.id}` : null} />
      <button type="submit">{p.target ? "Save changes" : "Create user"}</button>
    </form>
  );
}
