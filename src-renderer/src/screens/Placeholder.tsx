import { Empty, Page } from '../components/ui';

/** A section whose screen is not built yet: says what it will do, not a blank page. */
export function PlaceholderScreen(props: { title: string; what: string }) {
  return (
    <Page title={props.title} subtitle={props.what}>
      <Empty title="Coming in a later version of Gatehouse">
        Meanwhile the same server answers every request over its Okta-compatible API; the System Log shows each token decision with its reasons.
      </Empty>
    </Page>
  );
}
