import type { InboundRoute, TrunkStatus } from "../../src/trunk/index.ts";
import type { Errors } from "../components/form.tsx";
import { FormAlert, FormNotice } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";
import { InboundRoutesCard, RouteForm, type RouteValues, type Targets } from "./trunk-inbound.tsx";
import { TrunkSettingsForm, type TrunkValues } from "./trunk-settings.tsx";
import { TrunkStatusCard } from "./trunk-status.tsx";

type Props = Frame & {
  status: TrunkStatus;
  /** A moment as the center reads it (its time zone). */
  at: (ms: number) => string;
  values: TrunkValues;
  hasPassword: boolean;
  maxRules: number;
  errors?: Errors;
  message?: string | null;
  notice?: string | null;
  routes: InboundRoute[];
  targets: Targets;
  routeValues?: RouteValues;
  routeErrors?: Errors;
  routeMessage?: string | null;
};

/** Admin → SIP trunk (FEATURES A7): live status, the provider, and inbound routes. */
export function TrunkPage(p: Props) {
  return (
    <Page title="SIP trunk" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>SIP trunk</h1>
      <FormNotice message={p.notice} />
      <TrunkStatusCard status={p.status} at={p.at} />
      <FormAlert message={p.message} />
      <TrunkSettingsForm csrf={p.csrf} values={p.values} errors={p.errors} hasPassword={p.hasPassword} maxRules={p.maxRules} />
      <InboundRoutesCard
        csrf={p.csrf}
        routes={p.routes}
        targets={p.targets}
        values={p.routeValues ?? {}}
        errors={p.routeErrors}
        message={p.routeMessage}
      />
    </Page>
  );
}

/** Editing one inbound route. */
export function RouteEditPage(
  p: Frame & { id: string; did: string; values: RouteValues; targets: Targets; errors?: Errors; message?: string | null },
) {
  return (
    <Page title={`Route ${p.did}`} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Inbound route {p.did}</h1>
        <FormAlert message={p.message} />
        <RouteForm
          csrf={p.csrf}
          action={`/admin/trunk/routes/${p.id}`}
          values={p.values}
          targets={p.targets}
          errors={p.errors}
          submit="Save route"
        />
        <p>
          <a href="/admin/trunk">Back to the SIP trunk</a>
        </p>
      </section>
    </Page>
  );
}
