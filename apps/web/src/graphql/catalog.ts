import { graphql } from '../gql';

/** The merchant's catalog editor: every product (hidden ones too), collections, CSV import and export. */
export const EditorProductFields = graphql(`
  fragment EditorProductFields on Product {
    id
    name
    description
    availability
    retailerId
    archivedAt
    price {
      ...MoneyFields
    }
    salePrice {
      ...MoneyFields
    }
    photos {
      id
      thumbnail {
        webp
        jpeg
      }
    }
    variants {
      id
      sku
      stock
      options {
        name
        value
      }
      price {
        ...MoneyFields
      }
    }
  }
`);
export const BusinessProducts = graphql(`
  query BusinessProducts($businessId: ID!, $search: String, $archived: Boolean, $after: String) {
    businessProducts(businessId: $businessId, search: $search, archived: $archived, first: 20, after: $after) {
      edges {
        node {
          ...EditorProductFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
/** Names and covers of every live product (up to 100), for what collections hold and for adding to them. */
export const ProductNames = graphql(`
  query ProductNames($businessId: ID!) {
    businessProducts(businessId: $businessId, first: 100) {
      edges {
        node {
          id
          name
          photos {
            id
            thumbnail {
              webp
            }
          }
        }
      }
    }
  }
`);
export const CreateProduct = graphql(`
  mutation CreateProduct($businessId: ID!, $input: CreateProductInput!) {
    createProduct(businessId: $businessId, input: $input) {
      ...EditorProductFields
    }
  }
`);
export const UpdateProduct = graphql(`
  mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
      ...EditorProductFields
    }
  }
`);
export const SetProductPhotos = graphql(`
  mutation SetProductPhotos($id: ID!, $photos: [ID!]!) {
    setProductPhotos(id: $id, photos: $photos) {
      ...EditorProductFields
    }
  }
`);
export const ArchiveProduct = graphql(`
  mutation ArchiveProduct($id: ID!) {
    archiveProduct(id: $id) {
      id
      archivedAt
    }
  }
`);
export const AddVariant = graphql(`
  mutation AddVariant($productId: ID!, $input: CreateVariantInput!) {
    addVariant(productId: $productId, input: $input) {
      id
    }
  }
`);
export const UpdateVariant = graphql(`
  mutation UpdateVariant($id: ID!, $input: UpdateVariantInput!) {
    updateVariant(id: $id, input: $input) {
      id
      stock
      price {
        ...MoneyFields
      }
    }
  }
`);
export const RemoveVariant = graphql(`
  mutation RemoveVariant($id: ID!) {
    removeVariant(id: $id) {
      id
    }
  }
`);
export const BusinessCollections = graphql(`
  query BusinessCollections($businessId: ID!) {
    businessCollections(businessId: $businessId) {
      id
      name
      productCount
      productIds
    }
  }
`);
export const CreateCollection = graphql(`
  mutation CreateCollection($businessId: ID!, $name: String!, $productIds: [ID!]!) {
    createCollection(businessId: $businessId, name: $name, productIds: $productIds) {
      id
      name
      productCount
      productIds
    }
  }
`);
export const SetCollectionProducts = graphql(`
  mutation SetCollectionProducts($id: ID!, $productIds: [ID!]!) {
    setCollectionProducts(id: $id, productIds: $productIds) {
      id
      productCount
      productIds
    }
  }
`);
export const ReorderCollections = graphql(`
  mutation ReorderCollections($businessId: ID!, $ids: [ID!]!) {
    reorderCollections(businessId: $businessId, ids: $ids) {
      id
    }
  }
`);
export const DeleteCollection = graphql(`
  mutation DeleteCollection($id: ID!) {
    deleteCollection(id: $id)
  }
`);
export const CatalogImportFields = graphql(`
  fragment CatalogImportFields on CatalogImport {
    id
    kind
    status
    totalRows
    processedRows
    createdCount
    updatedCount
    unchangedCount
    errorCount
    errors {
      row
      column
      message
    }
    csv
    createdAt
    finishedAt
  }
`);
export const ImportCatalog = graphql(`
  mutation ImportCatalog($businessId: ID!, $csv: String!) {
    importCatalog(businessId: $businessId, csv: $csv) {
      ...CatalogImportFields
    }
  }
`);
export const ExportCatalog = graphql(`
  mutation ExportCatalog($businessId: ID!) {
    exportCatalog(businessId: $businessId) {
      ...CatalogImportFields
    }
  }
`);
export const CatalogImportQuery = graphql(`
  query CatalogImport($id: ID!) {
    catalogImport(id: $id) {
      ...CatalogImportFields
    }
  }
`);
