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
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
