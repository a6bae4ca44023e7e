/* Coopérer – the network map and the experiences map (progressive enhancement).
   The page's list is the primary content and works without JavaScript; this script only
   reveals the map section and fills it. Data: the GeoJSON endpoint (same filters as the list)
   or a JSON script element. Base layer: the bundled France outline; tiles only if configured. */
(function () {
    "use strict";

    function el(tag, text, attrs) {
        var node = document.createElement(tag);
        if (text) { node.textContent = text; }
        Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
        return node;
    }

    function organisationPopup(props) {
        var box = el("div", null, { "class": "map-popup" });
        box.appendChild(el("p", props.name, { "class": "map-popup__title" }));
        var kind = props.kind ? props.kind.charAt(0).toUpperCase() + props.kind.slice(1) : "";
        var meta = [kind, props.territory].filter(Boolean).join(" – ");
        if (meta) { box.appendChild(el("p", meta, { "class": "map-popup__meta" })); }
        if (props.contacts && props.contacts.length) {
            box.appendChild(el("p", "Contacts :", { "class": "map-popup__heading" }));
            var contacts = el("ul");
            props.contacts.forEach(function (contact) {
                var item = el("li", contact.name + (contact.job_title ? ", " + contact.job_title : ""));
                if (contact.email) {
                    item.appendChild(document.createElement("br"));
                    item.appendChild(el("a", contact.email, { href: "mailto:" + contact.email }));
                    if (/@(.+\.)?example\.(org|com|net)$/i.test(contact.email)) {
                        item.appendChild(document.createTextNode(" "));
                        item.appendChild(el("span", "Exemple fictif", { "class": "example-mark" }));
                    }
                }
                contacts.appendChild(item);
            });
            box.appendChild(contacts);
        }
        if (props.experiences && props.experiences.length) {
            box.appendChild(el("p", "Expériences :", { "class": "map-popup__heading" }));
            var list = el("ul");
            props.experiences.forEach(function (experience) {
                var item = el("li");
                item.appendChild(el("a", experience.title, { href: experience.url }));
                list.appendChild(item);
            });
            box.appendChild(list);
        }
        if (document.getElementById("organisation-" + props.id)) {
            box.appendChild(el("a", "Voir dans la liste", { href: "#organisation-" + props.id }));
        }
        return box;
    }

    function experiencePopup(marker) {
        var box = el("div", null, { "class": "map-popup" });
        var title = el("p", null, { "class": "map-popup__title" });
        title.appendChild(el("a", marker.title, { href: marker.url }));
        box.appendChild(title);
        if (marker.territory) { box.appendChild(el("p", marker.territory, { "class": "map-popup__meta" })); }
        return box;
    }

    function clusterIcon(cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        return L.divIcon({
            html: "<div><span>" + count + "<span class=\"visually-hidden\"> repères regroupés ; "
                + "Entrée pour zoomer ou les déployer</span></span></div>",
            className: "marker-cluster marker-cluster-" + size,
            iconSize: L.point(40, 40)
        });
    }

    /* Leaflet's own controls, in French (their labels are read by screen readers). */
    function frenchPopupClose(popup) {
        var element = popup.getElement();
        var close = element && element.querySelector(".leaflet-popup-close-button");
        if (close) {
            close.setAttribute("aria-label", "Fermer");
            close.setAttribute("title", "Fermer");
        }
    }

    function isEnter(event) {
        return event && (event.key === "Enter" || event.keyCode === 13);
    }

    /* Keyboard: Enter on a cluster zooms on it, or spreads its markers when they share a place
       (what a click does); focus then goes to the first marker shown, so Tab carries on. */
    function keyboardClusters(map, group, container) {
        function focusFirstMarker(markers) {
            var target = markers && markers.length ? markers[0].getElement()
                : container.querySelector(".leaflet-marker-icon[tabindex]");
            if (target) { target.focus(); } else { container.focus(); }
        }
        group.on("clusterkeypress", function (event) {
            if (!isEnter(event.originalEvent)) { return; }
            var cluster = event.layer;
            var bottom = cluster;
            while (bottom._childClusters.length === 1) { bottom = bottom._childClusters[0]; }
            var samePlace = cluster.getBounds().getNorthEast().equals(cluster.getBounds().getSouthWest());
            if (samePlace || map.getZoom() >= map.getMaxZoom()) {
                group.once("spiderfied", function (spread) { focusFirstMarker(spread.markers); });
                cluster.spiderfy();
            } else {
                map.once("moveend", function () {
                    // Clusters settle after the zoom animation.
                    window.setTimeout(function () { focusFirstMarker(null); }, 350);
                });
                cluster.zoomToBounds({ padding: [20, 20] });
            }
        });
    }

    /* An opened popup takes focus; Escape (or its close button) closes it and focus goes back
       to the marker that opened it. */
    function keyboardPopups(map) {
        var opener = null;
        map.on("popupopen", function (event) {
            var popup = event.popup;
            opener = popup._source || null;
            frenchPopupClose(popup);
            var content = popup.getElement().querySelector(".map-popup");
            if (content) {
                content.setAttribute("tabindex", "-1");
                content.focus();
            }
            var element = popup.getElement();
            if (!element.hasAttribute("data-escape-closes")) {  // popups are reused: bind once
                element.setAttribute("data-escape-closes", "");
                element.addEventListener("keydown", function (key) {
                    if (key.key === "Escape" || key.key === "Esc") {
                        key.preventDefault();
                        key.stopPropagation();
                        map.closePopup();
                    }
                });
            }
        });
        map.on("popupclose", function () {
            var marker = opener;
            opener = null;
            var icon = marker && marker.getElement && marker.getElement();
            if (icon && document.body.contains(icon)) {
                icon.focus();
            }
        });
    }

    function loadFeatures(container) {
        if (container.dataset.geojsonUrl) {
            return fetch(container.dataset.geojsonUrl, { credentials: "same-origin" })
                .then(function (response) { return response.json(); })
                .then(function (data) {
                    return data.features.map(function (feature) {
                        var props = feature.properties;
                        return {
                            lat: feature.geometry.coordinates[1],
                            lon: feature.geometry.coordinates[0],
                            title: props.name,
                            id: props.id,
                            popup: function () { return organisationPopup(props); }
                        };
                    });
                });
        }
        var source = document.getElementById(container.dataset.markersId);
        var markers = source ? JSON.parse(source.textContent) : [];
        return Promise.resolve(markers.map(function (marker) {
            marker.popup = function () { return experiencePopup(marker); };
            return marker;
        }));
    }

    function initMap(container) {
        var section = container.closest("[data-map-section]");
        var status = section.querySelector("[data-map-status]");
        section.hidden = false;
        // markercluster needs a maxZoom even without tiles.
        var map = L.map(container, {
            scrollWheelZoom: false, zoomControl: false, fadeAnimation: false, minZoom: 3, maxZoom: 18
        })
            .setView([46.6, 2.4], 5);
        L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
        keyboardPopups(map);
        map.attributionControl.setPrefix(false);
        if (container.dataset.tileUrl) {
            L.tileLayer(container.dataset.tileUrl, {
                attribution: container.dataset.tileAttribution || ""
            }).addTo(map);
        }
        fetch(container.dataset.outlineUrl).then(function (response) {
            return response.json();
        }).then(function (outline) {
            L.geoJSON(outline, {
                interactive: false,
                attribution: "Contours : Natural Earth (domaine public)",
                style: { color: "#8a8a8a", weight: 1, fillColor: "#f4f6fa",
                         fillOpacity: container.dataset.tileUrl ? 0 : 1 }
            }).addTo(map).bringToBack();
        });
        var cluster = L.markerClusterGroup({ showCoverageOnHover: false, iconCreateFunction: clusterIcon });
        keyboardClusters(map, cluster, container);
        loadFeatures(container).then(function (items) {
            var bounds = [];
            items.forEach(function (item) {
                var marker = L.marker([item.lat, item.lon], { title: item.title, alt: item.title, keyboard: true });
                marker.bindPopup(item.popup);
                cluster.addLayer(marker);
                bounds.push([item.lat, item.lon]);
            });
            map.addLayer(cluster);
            if (bounds.length) { map.fitBounds(bounds, { maxZoom: 11, padding: [20, 20] }); }
            container.dataset.markerCount = String(items.length);
            if (status) {
                status.textContent = items.length + (items.length > 1
                    ? " organisations situées sur la carte."
                    : " organisation située sur la carte.");
            }
        }).catch(function (error) {
            if (window.console) { window.console.error(error); }
            if (status) { status.textContent = "La carte n'a pas pu être chargée ; la liste reste complète."; }
        });
    }

    function start() {
        if (typeof L === "undefined") { return; }
        document.querySelectorAll("[data-network-map]").forEach(initMap);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
