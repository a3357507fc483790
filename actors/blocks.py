"""StreamField blocks that choose from the directory (organisations, people), built on its choosers."""

from actors.choosers import organisation_chooser, person_chooser

OrganisationChooserBlock = organisation_chooser.get_block_class(
    name="OrganisationChooserBlock", module_path="actors.blocks"
)
PersonChooserBlock = person_chooser.get_block_class(
    name="PersonChooserBlock", module_path="actors.blocks"
)
