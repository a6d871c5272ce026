// The desk's stylesheet, served from /desk/desk.css (style-src 'self': no inline styles).
export const DESK_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f6f6f4}
a{color:#0b4f9c}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:2}
.desk-header{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between;padding:10px 16px;background:#1f2a36;color:#fff}
.desk-header a{color:#fff}
.desk-brand{font-weight:600}
nav{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center}
form.inline{display:inline}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0 .6em}
fieldset{border:1px solid #ccc;border-radius:6px;margin:0 0 14px;padding:10px 12px;background:#fff}
legend{font-weight:600;padding:0 4px}
label{display:block;font-weight:500;margin:6px 0 2px}
input[type=text],input[type=url],input[type=date],input[type=time],input[type=search],input[type=password],select,textarea{width:100%;font:inherit;padding:6px 8px;border:1px solid #888;border-radius:4px;background:#fff}
select{min-height:2.4em}
.error-links ul{margin:6px 0 12px;padding-left:1.2em}
textarea{font-family:ui-monospace,"Noto Sans Mono CJK SC",monospace}
textarea[name=body]{min-height:16em}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(12em,1fr));gap:0 12px}
.hint{color:#555;font-size:.875rem;margin:2px 0}
.field-error{color:#a40000;font-weight:600;margin:2px 0}
[aria-invalid=true]{border-color:#a40000;border-width:2px}
button{font:inherit;padding:6px 14px;border:1px solid #1f2a36;border-radius:4px;background:#fff;color:#1f2a36;cursor:pointer}
button.primary{background:#0b4f9c;border-color:#0b4f9c;color:#fff}
.desk-header button{background:transparent;color:#fff;border-color:#fff}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
/* Tab moves through the inner segments of date and time fields, where the field itself stops matching :focus. */
input[type=date]:focus-within,input[type=time]:focus-within{outline:3px solid #f0a500;outline-offset:2px}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.notice{padding:8px 12px;border-radius:4px}
.notice-error{background:#fde8e8;border:1px solid #a40000}
.notice-ok{background:#e6f4ea;border:1px solid #1e7b34}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #ddd;vertical-align:top}
.filters{margin-bottom:16px;display:grid;grid-template-columns:repeat(auto-fit,minmax(10em,1fr));gap:0 12px;align-items:end}
.status{font-size:.8rem;padding:1px 6px;border-radius:8px;background:#e8e8e8;white-space:nowrap}
@media (max-width:640px){
  table,thead,tbody,tr,th,td{display:block}
  thead{position:absolute;left:-999px}
  tr{border-bottom:1px solid #ccc;padding:6px 0}
  td{border:0;padding:2px 8px}
}
/* history: side-by-side comparison (conflicts, revisions) */
.compare-sides{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.compare-heading{font-size:.95rem;margin:4px 0}
.compare-text{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;margin:0;padding:6px 8px;border:1px solid #ddd;border-radius:4px;background:#fafafa;min-height:2.2em}
.compare-note{font-weight:400;color:#555}
del.diff-left{background:#fbd5d5;color:#6b0000;text-decoration:line-through}
ins.diff-right{background:#cdebd3;color:#0b4a1b;text-decoration:underline}
/* On a conflict the left side is the editor's own text: marked, not struck out. */
.conflict-form del.diff-left{text-decoration:underline dotted}
/* A consent scope: the checkbox beside its label, not above it (labels are blocks elsewhere). */
.grant{display:flex;gap:8px;align-items:baseline;margin:4px 0}
.grant label{display:inline;margin:0}
.pick{display:flex;flex-wrap:wrap;gap:6px 20px;margin-top:8px}
.pick label{display:inline-flex;gap:6px;align-items:center;font-weight:600;margin:0}
.compare-form{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:end;margin-bottom:16px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:640px){.compare-sides{grid-template-columns:1fr}}
`;
