package browsertest

import (
	"fmt"

	"github.com/chromedp/chromedp"
)

// smallTargetsJS lists the visible interactive elements of the page whose
// hit area is smaller than min×min CSS px, as "tag "name" W×H (selector)".
//
// The hit area of an element is its border box. A checkbox or radio is also
// hit through its labels (`for=` or enclosing), so it passes when it or any
// of its labels is large enough. A link opts out of the check only when it
// carries data-inline-link and sits inside running text (p, li or dd): the
// inline exception of WCAG 2.5.8. Elements that are not rendered
// (display:none, visibility:hidden, a closed <details>) are skipped; a
// 1×1 visually hidden control is not, since it would be invisible and
// unhittable at once.
const smallTargetsJS = `(() => {
	const min = %d;
	const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
	const big = r => Math.round(r.width) >= min && Math.round(r.height) >= min;
	const shown = el => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
	const name = el => {
		const t = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ');
		return t.length > 40 ? t.slice(0, 40) + '…' : t;
	};
	const where = el => {
		if (el.dataset.testid) return el.tagName.toLowerCase() + '[data-testid="' + el.dataset.testid + '"]';
		if (el.id) return '#' + el.id;
		const p = el.closest('[data-testid]');
		return p ? 'in [data-testid="' + p.dataset.testid + '"]' : '';
	};
	const out = [];
	for (const el of document.querySelectorAll(sel)) {
		if (!shown(el)) continue;
		if (el.tagName === 'A' && el.closest('[data-inline-link]') && el.closest('p, li, dd')) continue;
		const r = el.getBoundingClientRect();
		if (big(r)) continue;
		if ((el.type === 'checkbox' || el.type === 'radio') && [...(el.labels || [])].some(l => shown(l) && big(l.getBoundingClientRect()))) continue;
		const kind = el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? '[type=' + el.type + ']' : '');
		out.push(kind + ' "' + name(el) + '" ' + Math.round(r.width) + '×' + Math.round(r.height) + ' (' + where(el) + ')');
	}
	return out;
})()`

// SmallTargets returns the visible interactive elements of the current page
// (links, buttons, form controls, summaries) whose hit area is smaller than
// minPx×minPx CSS px; see smallTargetsJS for what counts as the hit area
// and which links may opt out as inline text links (data-inline-link).
func (tb *Tab) SmallTargets(minPx int) []string {
	tb.t.Helper()
	out, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[[]string](fmt.Sprintf(smallTargetsJS, minPx)))
	if err != nil {
		tb.t.Fatalf("measure targets: %v (at %s)", err, tb.Location())
	}
	return out
}
