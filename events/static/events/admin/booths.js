'use strict';
// Booth rows in the event admin: when staff pick (or change) a booth's producer, the
// "featured products" autocomplete is pointed at that producer's products and emptied of
// products from the previous producer. The server validates the same rule.
{
    const $ = django.jQuery;

    function productsSelectFor(producerSelect) {
        const row = producerSelect.closest('tr, .inline-related');
        return row ? row.querySelector('select.booth-products') : null;
    }

    function pointAtProducer(productsSelect, producerId) {
        const base = productsSelect.dataset.baseUrl;
        const url = producerId ? base + '?producer=' + encodeURIComponent(producerId) : base;
        const $select = $(productsSelect);
        if ($select.hasClass('select2-hidden-accessible')) {
            $select.select2('destroy');
        }
        $select.find('option').remove();
        productsSelect.setAttribute('data-ajax--url', url);
        $select.removeData();
        if (!productsSelect.name.includes('__prefix__')) {
            $select.djangoAdminSelect2();
        }
    }

    $(document).on('change', 'select[name$="-producer"]', function() {
        const productsSelect = productsSelectFor(this);
        if (productsSelect) {
            pointAtProducer(productsSelect, this.value);
        }
    });
}
