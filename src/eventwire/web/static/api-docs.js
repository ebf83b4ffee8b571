// Swagger UI for /api/docs over this server's /api/openapi.json, nothing from elsewhere: no
// validator badge (it would send the document to validator.swagger.io) and no ?url=/?config=
// taken from the address bar (another page could make the UI load a foreign document).
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    validatorUrl: null,
    queryConfigEnabled: false,
    // no deep links: each is an <a> inside the operation's toggle button, a link nested in a
    // button that screen readers and the keyboard cannot reach on its own (axe nested-interactive)
    deepLinking: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
