import { Admin } from '../pages/admin/Admin.js';
import { JobTypes } from '../pages/job-types/JobTypes.js';
import { JobDetail } from '../pages/jobs/JobDetail.js';
import { Jobs } from '../pages/jobs/Jobs.js';
import { Leads } from '../pages/leads/Leads.js';
import { Optimizer } from '../pages/optimizer/Optimizer.js';
import { Usage } from '../pages/usage/Usage.js';
import { Webhooks } from '../pages/webhooks/Webhooks.js';
import { EmptyState } from '../components/States.js';
import { PageTitle } from '../components/PageTitle.js';
import { href, useRoute, type Route } from '../lib/router.js';
import { useSession } from './session.js';
import { TenantPicker } from './TenantPicker.js';

const sections = [
  { name: 'usage', label: 'Usage' },
  { name: 'jobs', label: 'Jobs' },
  { name: 'optimizer', label: 'Product optimizer' },
  { name: 'leads', label: 'Leads' },
  { name: 'webhooks', label: 'Webhooks' },
] as const;

/** Pages about the whole server rather than one tenant: shown to admin keys only. */
const adminSections = [
  { name: 'job-types', label: 'Job types' },
  { name: 'admin', label: 'Admin' },
] as const;

export function Shell() {
  const { me, signOut } = useSession();
  const route = useRoute();
  const isAdmin = me.key.role === 'admin';
  const current = route.name === 'job' ? 'jobs' : route.name;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <a className="brand" href="#/usage">
            Tollgate
          </a>
          <div className="whoami">
            {me.tenant ? (
              <span className="tenant-name">
                {me.tenant.name} <span className="tier">{me.tenant.tier}</span>
              </span>
            ) : (
              <span className="tenant-name">Administrator</span>
            )}
            {isAdmin && <TenantPicker />}
          </div>
          <button type="button" className="button ghost sign-out" onClick={signOut}>
            Sign out
          </button>
        </div>
        <nav aria-label="Sections" className="nav">
          <ul>
            {sections.map((section) => (
              <li key={section.name}>
                <a href={`#/${section.name}`} aria-current={current === section.name ? 'page' : undefined}>
                  {section.label}
                </a>
              </li>
            ))}
            {isAdmin &&
              adminSections.map((section) => (
                <li key={section.name}>
                  <a href={`#/${section.name}`} aria-current={current === section.name ? 'page' : undefined}>
                    {section.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const { me } = useSession();
  if (route.name === 'admin') {
    return me.key.role === 'admin' ? <Admin /> : <NotFound what="The Admin page needs an admin key." />;
  }
  if (route.name === 'job-types') {
    return me.key.role === 'admin' ? <JobTypes /> : <NotFound what="The Job types page needs an admin key." />;
  }
  if (route.name === 'not-found') return <NotFound what={`There is no page at “${route.path}”.`} />;
  if (!me.tenant) return <ChooseTenant />;
  switch (route.name) {
    case 'usage':
      return <Usage key={me.tenant.id} />;
    case 'jobs':
      return <Jobs key={me.tenant.id} />;
    case 'job':
      return <JobDetail key={`${me.tenant.id}/${route.id}`} id={route.id} />;
    case 'optimizer':
      return <Optimizer key={me.tenant.id} />;
    case 'leads':
      return <Leads key={me.tenant.id} />;
    case 'webhooks':
      return <Webhooks key={me.tenant.id} />;
  }
}

function ChooseTenant() {
  return (
    <>
      <PageTitle title="Choose a tenant">Choose a tenant</PageTitle>
      <EmptyState title="This page shows one tenant’s data.">
        <p>
          Pick a tenant in “Act for tenant” at the top of the page, or open <a href="#/admin">Admin</a> to create one.
        </p>
      </EmptyState>
    </>
  );
}

function NotFound({ what }: { what: string }) {
  return (
    <>
      <PageTitle title="Not found">Page not found</PageTitle>
      <EmptyState title={what}>
        <p>
          Go to <a href={href({ name: 'usage' })}>Usage</a>.
        </p>
      </EmptyState>
    </>
  );
}
